package dev.robusta.rtp.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.rtp.Hex;
import dev.robusta.rtp.MalformedPacketException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtpPacketTest {
    // The first 40 bytes of two packets GStreamer 1.22's rtpvp8pay sent (captured on loopback): the first packet
    // of a key frame (no marker) and a frame's last packet (marker set).
    private static final byte[] GST_VP8_FIRST = Hex.bytes(
            "8060718a3e270bed8f4198d99080b48c7036009d012aa00078000047088585889984880202ce0be9");
    private static final byte[] GST_VP8_LAST = Hex.bytes(
            "80e0718b3e270bed8f4198d98080b48cf875b40bb8259ccb7a05ca39c44adae9ad87b27fe225f6d6");

    private final RtpPacket view = new RtpPacket();

    @Test
    void parsesCapturedGstreamerPackets() throws MalformedPacketException {
        view.wrap(GST_VP8_FIRST, 0, GST_VP8_FIRST.length);
        assertEquals(96, view.payloadType());
        assertFalse(view.marker());
        assertEquals(0x718a, view.sequenceNumber());
        assertEquals(0x3e270bedL, view.timestamp());
        assertEquals(0x8f4198d9L, view.ssrc());
        assertEquals(12, view.headerLength());
        assertEquals(28, view.payloadLength());
        assertEquals((byte) 0x90, GST_VP8_FIRST[view.payloadOffset()]); // VP8 descriptor: X and S set
        view.wrap(GST_VP8_LAST, 0, GST_VP8_LAST.length);
        assertTrue(view.marker());
        assertEquals(0x718b, view.sequenceNumber());
        assertEquals(0x8f4198d9L, view.ssrc());
    }

    // RFC 8285 section 4.2: a one-byte block with elements of 1, 2 and 4 bytes, a padding byte between two of them,
    // and zero padding to the 32-bit boundary.
    private static final byte[] ONE_BYTE = Hex.bytes("90 6f 1234 00000064 deadbeef"
            + "bede 0003" + "10 aa" + "21 bbcc" + "00" + "33 01020304" + "00"
            + "cafe");

    @Test
    void oneByteExtensionElements() throws MalformedPacketException {
        view.wrap(ONE_BYTE, 0, ONE_BYTE.length);
        assertTrue(view.hasExtension());
        assertEquals(RtpPacket.ONE_BYTE_PROFILE, view.extensionProfile());
        assertEquals(12, view.extensionDataLength());
        int at = view.findExtension(1);
        assertEquals(17, at);
        assertEquals(1, view.foundExtensionLength());
        at = view.findExtension(2);
        assertEquals(2, view.foundExtensionLength());
        assertEquals((byte) 0xbb, ONE_BYTE[at]);
        at = view.findExtension(3);
        assertEquals(4, view.foundExtensionLength());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, Arrays.copyOfRange(ONE_BYTE, at, at + 4));
        assertEquals(-1, view.findExtension(4));
        assertEquals(-1, view.findExtension(0));
        assertEquals(2, view.payloadLength());
        assertEquals(0x1234, view.sequenceNumber());
        assertEquals(0xdeadbeefL, view.ssrc());
    }

    @Test
    void oneByteIdFifteenStopsProcessing() throws MalformedPacketException {
        byte[] p = Hex.bytes("90 00 0001 00000000 00000001 bede 0002 10 aa f0 21 bbcc 0000");
        view.wrap(p, 0, p.length);
        assertEquals(18, view.findExtension(1) + 1);
        assertEquals(-1, view.findExtension(2), "elements after id 15 are not read");
    }

    // RFC 8285 section 4.3: the two-byte form, with an empty element, a padding byte and a 17-byte element that the
    // one-byte form cannot carry.
    @Test
    void twoByteExtensionElements() throws MalformedPacketException {
        byte[] p = Hex.bytes("90 00 0001 00000000 00000001 1003 0006"
                + "0f 00" + "00" + "20 11 000102030405060708090a0b0c0d0e0f10" + "0000" + "ff");
        view.wrap(p, 0, p.length);
        assertEquals(0x1003, view.extensionProfile(), "appbits are kept");
        int at = view.findExtension(15);
        assertTrue(at > 0);
        assertEquals(0, view.foundExtensionLength());
        at = view.findExtension(32);
        assertEquals(17, view.foundExtensionLength());
        assertEquals(16, p[at + 16]);
        assertEquals(1, view.payloadLength());
    }

    @Test
    void csrcsAndPadding() throws MalformedPacketException {
        byte[] p = Hex.bytes("a2 80 ffff ffffffff 00000001 00000002 80000003 0102 0000 03");
        view.wrap(p, 0, p.length);
        assertEquals(2, view.csrcCount());
        assertEquals(2, view.csrc(0));
        assertEquals(0x80000003L, view.csrc(1));
        assertTrue(view.marker());
        assertEquals(0, view.payloadType());
        assertEquals(2, view.payloadLength());
        assertEquals(3, view.paddingLength());
        assertEquals(0xffffffffL, view.timestamp());
    }

    @Test
    void wrapsAtAnOffset() throws MalformedPacketException {
        byte[] framed = new byte[ONE_BYTE.length + 7];
        System.arraycopy(ONE_BYTE, 0, framed, 5, ONE_BYTE.length);
        view.wrap(framed, 5, ONE_BYTE.length);
        assertEquals(0x1234, view.sequenceNumber());
        int at = view.findExtension(2);
        assertEquals((byte) 0xbb, framed[at]);
        assertEquals(5 + ONE_BYTE.length - 2, view.payloadOffset());
    }

    @Test
    void rejectsMalformedPackets() {
        assertMalformed("80 00 0001 00000000 000000", "shorter than 12");
        assertMalformed("40 00 0001 00000000 00000001", "version 1");
        assertMalformed("81 00 0001 00000000 00000001", "CSRC list overruns");
        assertMalformed("90 00 0001 00000000 00000001 bede", "extension header truncated");
        assertMalformed("90 00 0001 00000000 00000001 bede 0002 10aa0000", "block overruns");
        assertMalformed("90 00 0001 00000000 00000001 bede 0001 13aabb00", "one-byte element overruns");
        assertMalformed("90 00 0001 00000000 00000001 1000 0001 0105aabb", "two-byte element overruns");
        assertMalformed("90 00 0001 00000000 00000001 1000 0001 000000 07", "two-byte header truncated");
        assertMalformed("a0 00 0001 00000000 00000001 0000", "padding count 0");
        assertMalformed("a0 00 0001 00000000 00000001 0003", "padding count beyond payload");
    }

    @Test
    void everyTruncationOfAValidPacketIsRejected() throws MalformedPacketException {
        byte[] p = Hex.bytes("b1 00 0001 00000000 00000001 00000009 bede 0001 10aa0000 0102 02");
        view.wrap(p, 0, p.length);
        assertEquals(24, view.headerLength());
        // Every cut inside the header fails; a cut in the payload leaves a packet whose last byte is read as the
        // padding count, which must then fit.
        for (int n = 0; n < 24; n++) {
            int len = n;
            assertThrows(MalformedPacketException.class, () -> view.wrap(p, 0, len), "cut at " + n);
        }
        assertThrows(MalformedPacketException.class, () -> view.wrap(p, 0, 24), "padding count 0x00");
        view.wrap(p, 0, 26); // last byte 0x02: two bytes of padding, empty payload
        assertEquals(0, view.payloadLength());
    }

    private void assertMalformed(String hex, String why) {
        byte[] p = Hex.bytes(hex);
        assertThrows(MalformedPacketException.class, () -> view.wrap(p, 0, p.length), why);
    }
}
