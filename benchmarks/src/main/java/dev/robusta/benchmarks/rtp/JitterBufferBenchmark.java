package dev.robusta.benchmarks.rtp;

import dev.robusta.rtp.jitter.JitterBuffer;
import dev.robusta.rtp.jitter.PayloadInspector;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Jitter buffer cost per packet: 1,200-byte packets in frames of 10, inserted with the second and third of each
 * frame swapped (reordering), each followed by a poll; per-packet figures (ns/op is per packet).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JitterBufferBenchmark {
    private static final int PACKETS_PER_FRAME = 10;
    private static final PayloadInspector INSPECTOR = new PayloadInspector() {
        @Override
        public boolean isFrameStart(byte[] p, int off, int len) {
            return (p[off] & 1) != 0;
        }

        @Override
        public boolean isKeyframe(byte[] p, int off, int len) {
            return (p[off] & 2) != 0;
        }
    };

    private final JitterBuffer buffer = new JitterBuffer(1024, 1200, 1_000_000_000L, 300_000_000L, INSPECTOR);
    private final byte[] start = new byte[1200];
    private final byte[] middle = new byte[1200];
    private long seq;
    private long now;

    {
        start[0] = 3; // the first frame must be a keyframe start; later starts are marked keyframes too
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS_PER_FRAME)
    public void insertAndPopFrame(Blackhole bh) {
        long first = seq;
        long ts = first * 300;
        for (int i = 0; i < PACKETS_PER_FRAME; i++) {
            int k = i == 1 ? 2 : i == 2 ? 1 : i;
            bh.consume(buffer.insert(now, first + k, ts, k == PACKETS_PER_FRAME - 1, k == 0 ? start : middle, 0,
                    1200));
            JitterBuffer.Frame f = buffer.pollFrame(now);
            if (f != null) {
                bh.consume(f.packetCount());
            }
        }
        seq += PACKETS_PER_FRAME;
        now += 33_000_000L;
    }
}
