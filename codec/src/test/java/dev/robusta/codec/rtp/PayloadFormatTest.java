package dev.robusta.codec.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PayloadFormatTest {
    private static final int MTU_PAYLOAD = 1200;

    /** Payloads of one frame, as separate arrays, and their marker bits. */
    private static List<byte[]> packetize(RtpPayloader p, boolean[] markersOut) {
        List<byte[]> out = new ArrayList<>();
        byte[] buf = new byte[p.maxPayloadBytes()];
        int i = 0;
        while (p.hasNext()) {
            int n = p.next(buf, 0);
            assertTrue(n <= p.maxPayloadBytes(), "payload " + n + " over the limit");
            out.add(Arrays.copyOf(buf, n));
            if (markersOut != null) {
                markersOut[i] = p.marker();
            }
            i++;
            assertEquals(!p.hasNext(), p.marker());
        }
        return out;
    }

    private static byte[] vp8Frame(int size, boolean key, long seed) {
        byte[] f = new byte[size];
        new Random(seed).nextBytes(f);
        f[0] = (byte) (key ? f[0] & ~1 : f[0] | 1); // VP8 frame tag: P bit 0 for key frames
        return f;
    }

    @Test
    void vp8RoundTripWithPictureIdAndKeyframes() throws RtpPayloadException {
        Vp8Payloader pay = new Vp8Payloader(MTU_PAYLOAD, false, 0x7FFE);
        Vp8Depayloader depay = new Vp8Depayloader();
        int seq = 65530;
        for (int f = 0; f < 4; f++) {
            byte[] frame = vp8Frame(f == 0 ? 5000 : 900 + f * 700, f == 0, f);
            pay.setFrame(frame, 0, frame.length);
            int pictureId = pay.pictureId();
            List<byte[]> payloads = packetize(pay, null);
            assertEquals((frame.length + MTU_PAYLOAD - 5) / (MTU_PAYLOAD - 4), payloads.size());
            assertTrue(depay.isFrameStart(payloads.get(0), 0, payloads.get(0).length));
            assertEquals(f == 0, depay.isKeyframe(payloads.get(0), 0, payloads.get(0).length));
            boolean done = false;
            for (int i = 0; i < payloads.size(); i++) {
                byte[] p = payloads.get(i);
                done = depay.push(seq++ & 0xFFFF, f * 3000L, i == payloads.size() - 1, p, 0, p.length);
                assertEquals(pictureId, depay.pictureId());
            }
            assertTrue(done);
            assertArrayEquals(frame, Arrays.copyOf(depay.frame(), depay.frameLength()));
            assertEquals(f == 0, depay.frameIsKeyframe());
        }
        assertEquals(2, pay.pictureId(), "15-bit picture id wrapped: 0x7FFE, 0x7FFF, 0, 1, next 2");
    }

    // RFC 7741 section 4.2 descriptor, built by hand: X, S, PID 0; I, L, T, K; 15-bit picture id 0x1234;
    // TL0PICIDX 5; TID 2, Y, KEYIDX 3; then a key frame's first byte.
    @Test
    void vp8DescriptorFromTheRfcLayout() throws RtpPayloadException {
        byte[] p = HexFormat.of().parseHex("90f09234" + "05" + "a3" + "9c019d012a");
        Vp8Depayloader d = new Vp8Depayloader();
        assertTrue(d.isFrameStart(p, 0, p.length));
        assertTrue(d.isKeyframe(p, 0, p.length));
        assertTrue(d.push(1, 0, true, p, 0, p.length));
        assertEquals(0x1234, d.pictureId());
        assertEquals(5, d.tl0PicIdx());
        assertEquals(2, d.temporalLayer());
        assertArrayEquals(HexFormat.of().parseHex("9c019d012a"), Arrays.copyOf(d.frame(), d.frameLength()));
    }

    @Test
    void vp8TemporalLayers() throws RtpPayloadException {
        Vp8Payloader pay = new Vp8Payloader(MTU_PAYLOAD, true, 0);
        Vp8Depayloader depay = new Vp8Depayloader();
        int[] tids = {0, 2, 1, 2, 0};
        int[] expectedTl0 = {0, 0, 0, 0, 1};
        for (int f = 0; f < tids.length; f++) {
            byte[] frame = vp8Frame(300, f == 0, f);
            pay.setFrame(frame, 0, frame.length, tids[f], tids[f] != 0, tids[f] == 2);
            byte[] p = packetize(pay, null).get(0);
            assertEquals(tids[f] == 2, (p[0] & 0x20) != 0, "N bit");
            assertTrue(depay.push(f, f * 3000L, true, p, 0, p.length));
            assertEquals(tids[f], depay.temporalLayer());
            assertEquals(expectedTl0[f], depay.tl0PicIdx());
        }
    }

    @Test
    void vp8LossDropsTheFrameAndResumesAtTheNextStart() throws RtpPayloadException {
        Vp8Payloader pay = new Vp8Payloader(MTU_PAYLOAD, false, 0);
        Vp8Depayloader depay = new Vp8Depayloader();
        byte[] a = vp8Frame(3000, true, 1);
        pay.setFrame(a, 0, a.length);
        List<byte[]> pa = packetize(pay, null);
        byte[] b = vp8Frame(2000, false, 2);
        pay.setFrame(b, 0, b.length);
        List<byte[]> pb = packetize(pay, null);
        int seq = 0;
        boolean done = false;
        for (int i = 0; i < pa.size(); i++) {
            if (i == 1) {
                seq++;
                continue; // lost
            }
            done |= depay.push(seq++, 0, i == pa.size() - 1, pa.get(i), 0, pa.get(i).length);
        }
        assertFalse(done);
        assertEquals(1, depay.framesDropped());
        for (int i = 0; i < pb.size(); i++) {
            done = depay.push(seq++, 3000, i == pb.size() - 1, pb.get(i), 0, pb.get(i).length);
        }
        assertTrue(done);
        assertArrayEquals(b, Arrays.copyOf(depay.frame(), depay.frameLength()));
    }

    private static byte[] annexB(boolean longCodes, byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] n : nals) {
            if (longCodes) {
                out.write(0);
            }
            out.writeBytes(new byte[] {0, 0, 1});
            out.writeBytes(n);
        }
        return out.toByteArray();
    }

    private static byte[] nal(int header, int size, long seed) {
        byte[] n = new byte[size];
        Random r = new Random(seed);
        r.nextBytes(n);
        n[0] = (byte) header;
        if (size > 1) {
            n[1] = (byte) (n[1] | 0x80); // first_mb_in_slice = 0
        }
        for (int i = 2; i < size; i++) {
            if (n[i] == 0) {
                n[i] = 1; // no start-code emulation in test data (encoders insert emulation prevention)
            }
        }
        return n;
    }

    @Test
    void h264StapAAndFuARoundTrip() throws RtpPayloadException {
        byte[] sps = nal(0x67, 20, 1);
        byte[] pps = nal(0x68, 6, 2);
        byte[] idr = nal(0x65, 5000, 3);
        byte[] au = annexB(false, sps, pps, idr); // 3-byte start codes in, 4-byte out
        H264Payloader pay = new H264Payloader(MTU_PAYLOAD, 1);
        pay.setFrame(au, 0, au.length);
        List<byte[]> payloads = packetize(pay, null);
        assertEquals(24, payloads.get(0)[0] & 0x1F, "SPS and PPS aggregated");
        assertEquals(0x78, payloads.get(0)[0] & 0xFF, "STAP-A takes the highest NRI");
        assertEquals(28, payloads.get(1)[0] & 0x1F, "IDR fragmented");
        assertEquals(0x85, payloads.get(1)[1] & 0xFF, "FU header: S, type 5");
        assertEquals(0x45, payloads.get(payloads.size() - 1)[1] & 0xFF, "FU header: E, type 5");
        H264Depayloader depay = new H264Depayloader();
        assertTrue(depay.isFrameStart(payloads.get(0), 0, payloads.get(0).length));
        assertTrue(depay.isKeyframe(payloads.get(0), 0, payloads.get(0).length));
        boolean done = false;
        for (int i = 0; i < payloads.size(); i++) {
            done = depay.push(100 + i, 9000, i == payloads.size() - 1, payloads.get(i), 0, payloads.get(i).length);
        }
        assertTrue(done);
        assertTrue(depay.frameIsKeyframe());
        assertArrayEquals(annexB(true, sps, pps, idr), Arrays.copyOf(depay.frame(), depay.frameLength()));
    }

    @Test
    void h264PacketizationModeZero() throws RtpPayloadException {
        byte[] a = nal(0x41, 800, 4);
        byte[] b = nal(0x41, 900, 5);
        byte[] au = annexB(true, a, b);
        H264Payloader pay = new H264Payloader(MTU_PAYLOAD, 0);
        pay.setFrame(au, 0, au.length);
        List<byte[]> payloads = packetize(pay, null);
        assertEquals(2, payloads.size());
        assertArrayEquals(a, payloads.get(0));
        byte[] big = annexB(true, nal(0x65, 1500, 6));
        assertThrows(IllegalArgumentException.class, () -> pay.setFrame(big, 0, big.length));
        H264Depayloader depay = new H264Depayloader();
        depay.push(1, 0, false, payloads.get(0), 0, payloads.get(0).length);
        assertTrue(depay.push(2, 0, true, payloads.get(1), 0, payloads.get(1).length));
        assertFalse(depay.frameIsKeyframe());
        assertArrayEquals(au, Arrays.copyOf(depay.frame(), depay.frameLength()));
    }

    @Test
    void h264SkipsAnAccessUnitThatLostItsFirstPacket() throws RtpPayloadException {
        byte[] au1 = annexB(true, nal(0x65, 3000, 7));
        byte[] au2 = annexB(true, nal(0x41, 2500, 8));
        H264Payloader pay = new H264Payloader(MTU_PAYLOAD, 1);
        pay.setFrame(au1, 0, au1.length);
        List<byte[]> p1 = packetize(pay, null);
        pay.setFrame(au2, 0, au2.length);
        List<byte[]> p2 = packetize(pay, null);
        H264Depayloader depay = new H264Depayloader();
        int seq = 10;
        boolean done = false;
        for (int i = 1; i < p1.size(); i++) { // the FU-A start is lost
            done |= depay.push(seq + i, 0, i == p1.size() - 1, p1.get(i), 0, p1.get(i).length);
        }
        assertFalse(done);
        seq += p1.size();
        for (int i = 0; i < p2.size(); i++) {
            done = depay.push(seq + i, 3000, i == p2.size() - 1, p2.get(i), 0, p2.get(i).length);
        }
        assertTrue(done);
        assertArrayEquals(au2, Arrays.copyOf(depay.frame(), depay.frameLength()));
    }

    @Test
    void spropParameterSets() {
        byte[] sps = HexFormat.of().parseHex("6742c01fda01e0089f961000000300100000030320f1831aa0");
        byte[] pps = HexFormat.of().parseHex("68ce3c80");
        String sprop = H264Parameters.spropParameterSets(sps, pps);
        assertEquals("Z0LAH9oB4AiflhAAAAMAEAAAAwMg8YMaoA==,aM48gA==", sprop);
        byte[][] back = H264Parameters.parseSpropParameterSets(sprop);
        assertArrayEquals(sps, back[0]);
        assertArrayEquals(pps, back[1]);
        assertEquals("42c01f", H264Parameters.profileLevelId(sps));
    }

    @Test
    void outOfBandParameterSetsPrecedeAKeyframeWithoutThem() throws RtpPayloadException {
        byte[] sps = nal(0x67, 12, 9);
        byte[] pps = nal(0x68, 4, 10);
        byte[] idr = nal(0x65, 100, 11);
        H264Depayloader depay = new H264Depayloader();
        depay.setParameterSets(new byte[][] {sps, pps});
        assertTrue(depay.push(1, 0, true, idr, 0, idr.length));
        assertArrayEquals(annexB(true, sps, pps, idr), Arrays.copyOf(depay.frame(), depay.frameLength()));
    }

    @Test
    void audioFormats() {
        // RFC 6716 TOC: config 31 (CELT 20 ms), code 0: 960 samples; config 1 (SILK 20 ms), code 1 (2 frames).
        assertEquals(960, AudioPayloaders.opusSamples(new byte[] {(byte) 0xF8}, 0, 1));
        assertEquals(1920, AudioPayloaders.opusSamples(new byte[] {(byte) 0x09}, 0, 1));
        assertEquals(2880, AudioPayloaders.opusSamples(new byte[] {(byte) 0x0B, 3}, 0, 2), "code 3, 3 x 20 ms");
        assertEquals(-1, AudioPayloaders.opusSamples(new byte[] {(byte) 0x03}, 0, 1));
        byte[] out = new byte[200];
        byte[] pcm = new byte[160];
        Arrays.fill(pcm, (byte) 0xFF); // mu-law silence
        assertEquals(160, AudioPayloaders.g711Payload(pcm, 0, 160, out, 0, 200));
        assertThrows(IllegalArgumentException.class, () -> AudioPayloaders.opusPayload(new byte[300], 0, 300, out, 0,
                200));
    }

    @Test
    void mutatedPayloadsOnlyThrowRtpPayloadException() {
        Random r = new Random(77);
        List<byte[]> corpus = new ArrayList<>();
        Vp8Payloader vp8 = new Vp8Payloader(300, true, 5);
        byte[] f = vp8Frame(1000, true, 1);
        vp8.setFrame(f, 0, f.length);
        corpus.addAll(packetize(vp8, null));
        H264Payloader h264 = new H264Payloader(300, 1);
        byte[] au = annexB(true, nal(0x67, 10, 1), nal(0x68, 4, 2), nal(0x65, 1000, 3));
        h264.setFrame(au, 0, au.length);
        corpus.addAll(packetize(h264, null));
        RtpDepayloader[] depayloaders = {new Vp8Depayloader(), new H264Depayloader()};
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] m = corpus.get(r.nextInt(corpus.size())).clone();
            if (r.nextInt(4) == 0) {
                m = Arrays.copyOf(m, r.nextInt(m.length + 1));
            }
            for (int k = r.nextInt(4); k >= 0 && m.length > 0; k--) {
                m[r.nextInt(m.length)] = (byte) r.nextInt(256);
            }
            RtpDepayloader d = depayloaders[i & 1];
            d.isFrameStart(m, 0, m.length);
            d.isKeyframe(m, 0, m.length);
            try {
                d.push(i & 0xFFFF, i / 3, r.nextInt(3) == 0, m, 0, m.length);
                accepted++;
            } catch (RtpPayloadException expected) {
                // dropped
            }
        }
        assertTrue(accepted > 50_000, "accepted " + accepted);
    }
}
