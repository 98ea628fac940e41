package dev.robusta.benchmarks.rtp;

import dev.robusta.codec.rtp.AudioPayloaders;
import dev.robusta.codec.rtp.H264Depayloader;
import dev.robusta.codec.rtp.H264Payloader;
import dev.robusta.codec.rtp.RtpPayloadException;
import dev.robusta.codec.rtp.Vp8Depayloader;
import dev.robusta.codec.rtp.Vp8Payloader;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * VP8 and H.264 payloaders and depayloaders at a 1,200-byte payload limit on one 100,000-byte frame (a 720p
 * keyframe's size; about 84 packets). Each operation handles the whole frame, so payload Gbit/s per core is
 * 100,000 * 8 / (ns/op). Packetizing writes into one reused buffer: expect 0 B/op. The audio formats (one frame
 * per payload, copied) packetize one second of 20 ms frames per operation: 50 Opus packets of 160 bytes (64 kbit/s)
 * or 50 PCMU payloads of 160 samples, 8,000 bytes, so Gbit/s is 64,000 / (ns/op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PayloadFormatBenchmark {
    static final int FRAME_BYTES = 100_000;
    static final int MAX_PAYLOAD = 1200;
    static final int AUDIO_PACKETS = 50;
    static final int AUDIO_FRAME_BYTES = 160;

    private final byte[] vp8Frame = new byte[FRAME_BYTES];
    private final byte[] h264Frame = new byte[FRAME_BYTES];
    private final byte[] out = new byte[MAX_PAYLOAD];
    private final Vp8Payloader vp8Payloader = new Vp8Payloader(MAX_PAYLOAD, false, 0);
    private final H264Payloader h264Payloader = new H264Payloader(MAX_PAYLOAD, 1);
    private final Vp8Depayloader vp8Depayloader = new Vp8Depayloader();
    private final H264Depayloader h264Depayloader = new H264Depayloader();
    private final byte[] opusPackets = new byte[AUDIO_PACKETS * AUDIO_FRAME_BYTES];
    private final byte[] pcmu = new byte[AUDIO_PACKETS * AUDIO_FRAME_BYTES];
    private byte[][] vp8Packets;
    private byte[][] h264Packets;

    @Setup
    public void setUp() throws RtpPayloadException {
        Random r = new Random(1);
        r.nextBytes(vp8Frame);
        vp8Frame[0] &= ~1;
        // An access unit: SPS, PPS, one IDR slice; no zero bytes in the slice so it holds no start code.
        r.nextBytes(h264Frame);
        for (int i = 0; i < FRAME_BYTES; i++) {
            if (h264Frame[i] == 0) {
                h264Frame[i] = 1;
            }
        }
        byte[] prefix = {0, 0, 0, 1, 0x67, 0x42, (byte) 0xc0, 0x1f, 0, 0, 0, 1, 0x68, (byte) 0xce, 0x3c, (byte) 0x80,
            0, 0, 0, 1, 0x65};
        System.arraycopy(prefix, 0, h264Frame, 0, prefix.length);
        r.nextBytes(opusPackets);
        r.nextBytes(pcmu);
        for (int i = 0; i < AUDIO_PACKETS; i++) {
            opusPackets[i * AUDIO_FRAME_BYTES] = (byte) (0xF8 | (i & 1) << 2); // CELT FB 20 ms, mono or stereo
        }
        if (opusPacketize() != ((AUDIO_PACKETS * 960L) << 32 | AUDIO_PACKETS * AUDIO_FRAME_BYTES)) {
            throw new IllegalStateException("Opus TOC durations");
        }
        vp8Packets = collect(vp8Payloader, true);
        h264Packets = collect(h264Payloader, false);
        if (vp8Depayload() != FRAME_BYTES) {
            throw new IllegalStateException("VP8 round trip failed");
        }
        if (h264Depayload() < FRAME_BYTES) {
            throw new IllegalStateException("H.264 round trip failed");
        }
    }

    private byte[][] collect(dev.robusta.codec.rtp.RtpPayloader p, boolean vp8) {
        java.util.List<byte[]> packets = new java.util.ArrayList<>();
        if (vp8) {
            vp8Payloader.setFrame(vp8Frame, 0, FRAME_BYTES);
        } else {
            h264Payloader.setFrame(h264Frame, 0, FRAME_BYTES);
        }
        while (p.hasNext()) {
            int n = p.next(out, 0);
            packets.add(java.util.Arrays.copyOf(out, n));
        }
        return packets.toArray(new byte[0][]);
    }

    @Benchmark
    public int vp8Packetize() {
        vp8Payloader.setFrame(vp8Frame, 0, FRAME_BYTES);
        int total = 0;
        while (vp8Payloader.hasNext()) {
            total += vp8Payloader.next(out, 0);
        }
        return total;
    }

    @Benchmark
    public int vp8Depayload() throws RtpPayloadException {
        int seq = 0;
        for (int i = 0; i < vp8Packets.length; i++) {
            vp8Depayloader.push(seq++, 0, i == vp8Packets.length - 1, vp8Packets[i], 0, vp8Packets[i].length);
        }
        return vp8Depayloader.frameLength();
    }

    @Benchmark
    public int h264Packetize() {
        h264Payloader.setFrame(h264Frame, 0, FRAME_BYTES);
        int total = 0;
        while (h264Payloader.hasNext()) {
            total += h264Payloader.next(out, 0);
        }
        return total;
    }

    private int h264Seq;
    private long h264Ts;

    @Benchmark
    public int h264Depayload() throws RtpPayloadException {
        h264Ts += 3000; // a new access unit each time
        for (int i = 0; i < h264Packets.length; i++) {
            h264Depayloader.push(h264Seq++ & 0xFFFF, h264Ts, i == h264Packets.length - 1, h264Packets[i], 0,
                    h264Packets[i].length);
        }
        return h264Depayloader.frameLength();
    }

    /** RFC 7587: each Opus packet is one payload; its TOC gives the timestamp step. */
    @Benchmark
    public long opusPacketize() {
        long samples = 0;
        int bytes = 0;
        for (int i = 0; i < AUDIO_PACKETS; i++) {
            int off = i * AUDIO_FRAME_BYTES;
            samples += AudioPayloaders.opusSamples(opusPackets, off, AUDIO_FRAME_BYTES);
            bytes += AudioPayloaders.opusPayload(opusPackets, off, AUDIO_FRAME_BYTES, out, 0, MAX_PAYLOAD);
        }
        return samples << 32 | bytes;
    }

    /** RFC 3551 PCMU: 160 samples, one byte each, per 20 ms payload. */
    @Benchmark
    public int g711Packetize() {
        int bytes = 0;
        for (int i = 0; i < AUDIO_PACKETS; i++) {
            bytes += AudioPayloaders.g711Payload(pcmu, i * AUDIO_FRAME_BYTES, AUDIO_FRAME_BYTES, out, 0, MAX_PAYLOAD);
        }
        return bytes;
    }
}
