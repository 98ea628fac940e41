package dev.robusta.codec.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.codec.video.AudioFrame;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OpusTest {
    private static final int FRAME = 960; // 20 ms

    /** A voice-like test signal: a 150 Hz harmonic series with slow vibrato; right channel a fifth above. */
    static short[] signal(int channels, int samplesPerChannel) {
        short[] s = new short[channels * samplesPerChannel];
        double phase0 = 0;
        double phase1 = 0;
        for (int i = 0; i < samplesPerChannel; i++) {
            double t = i / 48000.0;
            double f0 = 150 * (1 + 0.02 * Math.sin(2 * Math.PI * 3 * t));
            phase0 += 2 * Math.PI * f0 / 48000;
            phase1 += 2 * Math.PI * f0 * 1.5 / 48000;
            for (int c = 0; c < channels; c++) {
                double p = c == 0 ? phase0 : phase1;
                double v = 0;
                for (int h = 1; h <= 8; h++) {
                    v += Math.sin(h * p) / h;
                }
                s[i * channels + c] = (short) (6000 * v);
            }
        }
        return s;
    }

    /** SNR in dB of {@code b} against {@code a} shifted by {@code lag} samples per channel. */
    static double snrDb(short[] a, short[] b, int channels, int lag, int from, int to) {
        double sig = 0;
        double noise = 0;
        for (int i = from; i < to; i++) {
            for (int c = 0; c < channels; c++) {
                double x = a[i * channels + c];
                double y = b[(i + lag) * channels + c];
                sig += x * x;
                noise += (x - y) * (x - y);
            }
        }
        return 10 * Math.log10(sig / Math.max(noise, 1e-9));
    }

    record RoundTrip(short[] decoded, int totalBytes, int packets) {
    }

    static RoundTrip roundTrip(OpusAudioEncoder enc, OpusAudioDecoder dec, short[] pcm, int channels) throws Exception {
        int frames = pcm.length / channels / FRAME;
        short[] out = new short[pcm.length];
        byte[] packet = new byte[OpusAudioEncoder.MAX_PACKET_BYTES];
        AudioFrame decoded = AudioFrame.allocate(48000, channels, FRAME);
        int bytes = 0;
        for (int f = 0; f < frames; f++) {
            int len = enc.encode(AudioFrame.wrap(pcm, f * FRAME * channels, 48000, channels, FRAME), packet, 0);
            bytes += len;
            assertEquals(FRAME, dec.decode(packet, 0, len, decoded));
            System.arraycopy(decoded.samples(), decoded.offset(), out, f * FRAME * channels, FRAME * channels);
        }
        return new RoundTrip(out, bytes, frames);
    }

    @Test
    void monoAndStereoRoundTripKeepTheSignal() throws Exception {
        for (int channels = 1; channels <= 2; channels++) {
            OpusAudioEncoder enc = new OpusAudioEncoder(channels, OpusAudioEncoder.Application.AUDIO);
            enc.setBitrate(64000 * channels);
            OpusAudioDecoder dec = new OpusAudioDecoder(channels);
            short[] pcm = signal(channels, 48000);
            RoundTrip rt = roundTrip(enc, dec, pcm, channels);
            int lag = enc.lookaheadSamples();
            double snr = snrDb(pcm, rt.decoded, channels, lag, 4800, 48000 - lag);
            assertTrue(snr > 12, channels + " channels: SNR " + snr + " dB");
            double kbps = rt.totalBytes * 8.0 / rt.packets / 20;
            assertTrue(kbps > 40 * channels && kbps < 90 * channels, channels + " channels: " + kbps + " kbit/s");
        }
    }

    @Test
    void constantBitrateMakesPacketsOfTheTargetSize() throws Exception {
        for (int bitrate : new int[] {16000, 32000, 64000}) {
            OpusAudioEncoder enc = new OpusAudioEncoder(1, OpusAudioEncoder.Application.VOIP);
            enc.setVariableBitrate(false);
            enc.setBitrate(bitrate);
            assertEquals(bitrate, enc.bitrate());
            short[] pcm = signal(1, 9600);
            byte[] packet = new byte[OpusAudioEncoder.MAX_PACKET_BYTES];
            for (int f = 0; f < 10; f++) {
                int len = enc.encode(AudioFrame.wrap(pcm, f * FRAME, 48000, 1, FRAME), packet, 0);
                assertEquals(bitrate / 8 / 50, len, bitrate + " bit/s, frame " + f);
            }
        }
    }

    @Test
    void dtxSendsTinyPacketsDuringSilence() throws Exception {
        byte[] packet = new byte[OpusAudioEncoder.MAX_PACKET_BYTES];
        AudioFrame silence = AudioFrame.allocate(48000, 1, FRAME);
        for (boolean dtx : new boolean[] {false, true}) {
            OpusAudioEncoder enc = new OpusAudioEncoder(1, OpusAudioEncoder.Application.VOIP);
            enc.setDtx(dtx);
            assertEquals(dtx, enc.dtx());
            int tiny = 0;
            for (int f = 0; f < 50; f++) {
                if (OpusAudioEncoder.isDtxPacket(enc.encode(silence, packet, 0))) {
                    tiny++;
                }
            }
            if (dtx) {
                assertTrue(tiny > 35, "DTX on: " + tiny + " tiny packets of 50");
            } else {
                assertEquals(0, tiny);
            }
        }
    }

    /**
     * With FEC on, a lost packet recovered from the next one's FEC data is closer to what the packet itself
     * decodes to than concealment is; with FEC off, "recovery" is concealment.
     */
    @Test
    void fecRecoversALostPacketBetterThanConcealment() throws Exception {
        double[] withFec = fecAndPlcSnr(true);
        assertTrue(withFec[0] > withFec[1] + 2 && withFec[0] > 5,
                "FEC " + withFec[0] + " dB, concealment " + withFec[1] + " dB");
        double[] withoutFec = fecAndPlcSnr(false);
        assertEquals(withoutFec[1], withoutFec[0], 1e-9, "no FEC data: recovery is concealment");
    }

    /** Mean SNR of the lost frames, recovered by FEC then by concealment, against decoding without loss. */
    private static double[] fecAndPlcSnr(boolean fecOn) throws Exception {
        short[] pcm = signal(1, 48000);
        int frames = pcm.length / FRAME;
        byte[][] packets = new byte[frames][];
        OpusAudioEncoder enc = new OpusAudioEncoder(1, OpusAudioEncoder.Application.VOIP);
        enc.setBitrate(32000);
        enc.setInbandFec(fecOn);
        enc.setExpectedPacketLossPercent(20);
        assertEquals(fecOn, enc.inbandFec());
        byte[] buf = new byte[OpusAudioEncoder.MAX_PACKET_BYTES];
        for (int f = 0; f < frames; f++) {
            int len = enc.encode(AudioFrame.wrap(pcm, f * FRAME, 48000, 1, FRAME), buf, 0);
            packets[f] = java.util.Arrays.copyOf(buf, len);
        }
        short[] clean = decodeWithLoss(packets, -1, false);
        double fecTotal = 0;
        double plcTotal = 0;
        int losses = 0;
        for (int lost = 10; lost < frames - 2; lost += 7) {
            fecTotal += snrDb(clean, decodeWithLoss(packets, lost, true), 1, 0, lost * FRAME, (lost + 1) * FRAME);
            plcTotal += snrDb(clean, decodeWithLoss(packets, lost, false), 1, 0, lost * FRAME, (lost + 1) * FRAME);
            losses++;
        }
        return new double[] {fecTotal / losses, plcTotal / losses};
    }

    /** Decodes the packets up to {@code lost + 1} (all when lost is -1), recovering the lost one by FEC or PLC. */
    private static short[] decodeWithLoss(byte[][] packets, int lost, boolean fec) throws Exception {
        OpusAudioDecoder dec = new OpusAudioDecoder(1);
        AudioFrame frame = AudioFrame.allocate(48000, 1, FRAME);
        short[] out = new short[packets.length * FRAME];
        int end = lost < 0 ? packets.length : lost + 2;
        for (int f = 0; f < end; f++) {
            int n;
            if (f == lost) {
                n = fec ? dec.decodeFec(packets[f + 1], 0, packets[f + 1].length, frame, FRAME) : dec.conceal(frame);
            } else {
                n = dec.decode(packets[f], 0, packets[f].length, frame);
            }
            assertEquals(FRAME, n);
            System.arraycopy(frame.samples(), frame.offset(), out, f * FRAME, FRAME);
        }
        return out;
    }

    @Test
    void concealmentContinuesTheSignalThenFades() throws Exception {
        OpusAudioEncoder enc = new OpusAudioEncoder(1, OpusAudioEncoder.Application.VOIP);
        OpusAudioDecoder dec = new OpusAudioDecoder(1);
        short[] pcm = signal(1, 48000);
        byte[] buf = new byte[OpusAudioEncoder.MAX_PACKET_BYTES];
        AudioFrame frame = AudioFrame.allocate(48000, 1, FRAME);
        for (int f = 0; f < 20; f++) {
            int len = enc.encode(AudioFrame.wrap(pcm, f * FRAME, 48000, 1, FRAME), buf, 0);
            dec.decode(buf, 0, len, frame);
        }
        double first = 0;
        double last = 0;
        for (int k = 0; k < 10; k++) {
            assertEquals(FRAME, dec.conceal(frame));
            double e = energy(frame);
            if (k == 0) {
                first = e;
            }
            last = e;
        }
        assertTrue(first > 1e5, "first concealed frame energy " + first);
        assertTrue(last < first / 10, "after 200 ms of loss: " + last + " vs " + first);
        assertThrows(IllegalArgumentException.class, () -> dec.conceal(frame, 100));
    }

    private static double energy(AudioFrame f) {
        double e = 0;
        for (int i = 0; i < f.samplesPerChannel(); i++) {
            double v = f.sample(i, 0);
            e += v * v;
        }
        return e / f.samplesPerChannel();
    }

    /** Mutated and random packets give AudioCodecException or decode; nothing else escapes. */
    @Test
    void corruptPacketsGiveTypedErrors() throws Exception {
        OpusAudioEncoder enc = new OpusAudioEncoder(2, OpusAudioEncoder.Application.AUDIO);
        OpusAudioDecoder dec = new OpusAudioDecoder(2);
        short[] pcm = signal(2, 9600);
        byte[] buf = new byte[OpusAudioEncoder.MAX_PACKET_BYTES];
        int len = enc.encode(AudioFrame.wrap(pcm, 0, 48000, 2, FRAME), buf, 0);
        AudioFrame frame = AudioFrame.allocate(48000, 2, FRAME);
        assertThrows(AudioCodecException.class, () -> dec.decode(buf, 0, 0, frame));
        Random r = new Random(11);
        int errors = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] m = java.util.Arrays.copyOf(buf, 1 + r.nextInt(len + 10));
            for (int k = 0; k < 3; k++) {
                m[r.nextInt(m.length)] = (byte) r.nextInt(256);
            }
            try {
                dec.decode(m, 0, m.length, frame);
            } catch (AudioCodecException e) {
                errors++;
            }
        }
        assertTrue(errors > 0);
        // Still usable.
        assertEquals(FRAME, dec.decode(buf, 0, len, frame));
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new OpusAudioEncoder(3, OpusAudioEncoder.Application.VOIP));
        OpusAudioEncoder enc = new OpusAudioEncoder(1, OpusAudioEncoder.Application.VOIP);
        assertThrows(IllegalArgumentException.class, () -> enc.setBitrate(1000));
        assertThrows(IllegalArgumentException.class,
                () -> enc.encode(AudioFrame.allocate(48000, 1, 100), new byte[2000], 0));
        assertThrows(IllegalArgumentException.class,
                () -> enc.encode(AudioFrame.allocate(16000, 1, 960), new byte[2000], 0));
    }
}
