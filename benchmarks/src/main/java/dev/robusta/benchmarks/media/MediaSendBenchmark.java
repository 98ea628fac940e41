package dev.robusta.benchmarks.media;

import dev.robusta.dtls.srtp.SrtpKeys;
import dev.robusta.dtls.srtp.SrtpProfile;
import dev.robusta.dtls.srtp.SrtpSession;
import dev.robusta.peer.media.MediaSession;
import dev.robusta.peer.media.RtpCodec;
import dev.robusta.peer.media.SendParameters;
import dev.robusta.rtp.packet.HeaderExtensionMap;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-packet send path of {@link MediaSession}: one pre-encoded VP8 frame of a 720p 2.5 Mbit/s stream at
 * 30 fps (10,400 bytes: 10 packets) packetized with mid, abs-send-time and transport-wide-cc extensions, kept for
 * retransmission, SRTP-protected and taken by the driver. ns/op is per packet; B/op (JMH -prof gc) must be 0.
 * One such session per receiver is what fan-out costs per receiver: Gbit/s per core = 8 x bytes per packet / ns.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MediaSendBenchmark {
    private static final int FRAME_BYTES = 10_400;
    private static final int PACKETS = 10;
    private static final long SSRC = 0x1234_5678L;

    @Param({"AEAD_AES_128_GCM", "AES128_CM_HMAC_SHA1_80"})
    public String profile;

    private MediaSession session;
    private final byte[] frame = new byte[FRAME_BYTES];
    private long now;
    private long timestamp;

    @Setup
    public void setUp() {
        SrtpProfile p = SrtpProfile.valueOf(profile);
        Random r = new Random(1);
        byte[] k1 = new byte[p.masterKeyLength()];
        byte[] s1 = new byte[p.masterSaltLength()];
        byte[] k2 = new byte[p.masterKeyLength()];
        byte[] s2 = new byte[p.masterSaltLength()];
        r.nextBytes(k1);
        r.nextBytes(s1);
        r.nextBytes(k2);
        r.nextBytes(s2);
        session = new MediaSession(new SrtpSession(new SrtpKeys(p, k1, s1, k2, s2)), "bench", new Random(2), 0);
        HeaderExtensionMap ext = new HeaderExtensionMap().register(4, HeaderExtensionMap.MID)
                .register(2, HeaderExtensionMap.ABS_SEND_TIME).register(3, HeaderExtensionMap.TRANSPORT_WIDE_CC);
        session.addSender(new SendParameters("0", SSRC, SSRC + 1, RtpCodec.vp8(96, 97), ext));
        r.nextBytes(frame);
        frame[0] |= 1; // an inter frame
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public void sendFrame(Blackhole bh) {
        now += 33_333_333L;
        timestamp += 3000;
        session.sendFrame(now, SSRC, frame, 0, frame.length, timestamp);
        ByteBuffer b;
        while ((b = session.pollTransmit()) != null) {
            bh.consume(b.remaining());
        }
    }
}
