package dev.robusta.benchmarks.sctp;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One reliable ordered data channel between two SCTP associations in memory (no crypto): each operation sends
 * one message of {@code size} bytes and moves packets both ways while more than 1 MiB waits at the sender, so
 * the association always has data in flight. Throughput in MB/s is ops/s times the size; with {@code -prof gc},
 * B/op is what both sides allocate per message (the message copy in, the copy out, and per-message objects).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SctpThroughputBenchmark {
    @Param({"100", "1024", "16384", "65536"})
    public int size;

    private InMemorySctpPair pair;
    private byte[] message;

    @Setup
    public void setUp() {
        pair = new InMemorySctpPair(256 * 1024);
        message = new byte[size];
        new java.util.Random(7).nextBytes(message);
    }

    @Benchmark
    public long reliableOrdered() {
        pair.send(message, 1 << 20);
        return pair.bytesReceived();
    }
}
