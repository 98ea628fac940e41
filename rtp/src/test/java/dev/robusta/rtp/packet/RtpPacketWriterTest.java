package dev.robusta.rtp.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.rtp.Hex;
import dev.robusta.rtp.MalformedPacketException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtpPacketWriterTest {
    private final RtpPacketWriter writer = new RtpPacketWriter();
    private final RtpPacket view = new RtpPacket();
    private final byte[] buf = new byte[1500];

    @Test
    void writesTheHandBuiltOneBytePacketExactly() throws MalformedPacketException {
        int n = writer.start(buf, 0, buf.length).payloadType(0x6f).sequenceNumber(0x1234).timestamp(100)
                .ssrc(0xdeadbeefL).addExtensionValue(1, 1, 0xaa).addExtensionValue(2, 2, 0xbbcc)
                .addExtension(3, new byte[] {1, 2, 3, 4}, 0, 4).write(new byte[] {(byte) 0xca, (byte) 0xfe}, 0, 2);
        // The writer packs elements, so the block is 10 bytes and 2 of padding.
        byte[] expected = Hex.bytes("90 6f 1234 00000064 deadbeef bede 0003 10 aa 21 bbcc 33 01020304 0000 cafe");
        assertArrayEquals(expected, Arrays.copyOf(buf, n));
    }

    @Test
    void roundTripsEveryHeaderFeature() throws MalformedPacketException {
        HeaderExtensionMap map = new HeaderExtensionMap().register(1, HeaderExtensionMap.MID)
                .register(2, HeaderExtensionMap.ABS_SEND_TIME).register(3, HeaderExtensionMap.TRANSPORT_WIDE_CC)
                .register(4, HeaderExtensionMap.AUDIO_LEVEL).register(5, HeaderExtensionMap.VIDEO_ORIENTATION)
                .register(10, HeaderExtensionMap.RTP_STREAM_ID).register(11, HeaderExtensionMap.REPAIRED_RTP_STREAM_ID);
        byte[] payload = new byte[100];
        Arrays.fill(payload, (byte) 7);
        writer.start(buf, 3, 1400).payloadType(111).sequenceNumber(65535).timestamp(0xFFFF_FFFFL).ssrc(42)
                .marker(true).addCsrc(1).addCsrc(0xFFFF_FFFFL).addExtensionText(map.mid(), "audio0")
                .addExtensionValue(map.absSendTime(), 3, 0xABCDEF)
                .addExtensionValue(map.transportWideCc(), 2, 513).addExtensionValue(map.audioLevel(), 1, 0x80 | 42)
                .addExtensionValue(map.videoOrientation(), 1, 0b1001).addExtensionText(map.rtpStreamId(), "hi")
                .addExtensionText(map.repairedRtpStreamId(), "lo");
        int at = writer.writeHeader();
        System.arraycopy(payload, 0, buf, at, payload.length);
        int n = writer.finish(payload.length, 4);
        view.wrap(buf, 3, n);
        assertEquals(111, view.payloadType());
        assertTrue(view.marker());
        assertEquals(65535, view.sequenceNumber());
        assertEquals(0xFFFF_FFFFL, view.timestamp());
        assertEquals(42, view.ssrc());
        assertEquals(2, view.csrcCount());
        assertEquals(0xFFFF_FFFFL, view.csrc(1));
        assertEquals(RtpPacket.ONE_BYTE_PROFILE, view.extensionProfile());
        assertEquals("audio0", HeaderExtensions.mid(view, map));
        assertTrue(HeaderExtensions.textEquals(view, map.mid(), "audio0"));
        assertEquals(false, HeaderExtensions.textEquals(view, map.mid(), "audio"));
        assertEquals(0xABCDEF, HeaderExtensions.absSendTime(view, map));
        assertEquals(513, HeaderExtensions.transportSequenceNumber(view, map));
        int level = HeaderExtensions.audioLevelByte(view, map);
        assertEquals(42, HeaderExtensions.audioLevelDbov(level));
        assertTrue(HeaderExtensions.voiceActivity(level));
        assertEquals(90, HeaderExtensions.rotationDegrees(HeaderExtensions.videoOrientation(view, map)));
        assertEquals("hi", HeaderExtensions.rtpStreamId(view, map));
        assertEquals("lo", HeaderExtensions.repairedRtpStreamId(view, map));
        assertEquals(100, view.payloadLength());
        assertEquals(4, view.paddingLength());
        assertArrayEquals(payload, Arrays.copyOfRange(buf, view.payloadOffset(), view.payloadOffset() + 100));
    }

    @Test
    void switchesToTwoByteFormWhenAnElementNeedsIt() throws MalformedPacketException {
        byte[] long17 = new byte[17];
        Arrays.fill(long17, (byte) 9);
        int n = writer.start(buf, 0, buf.length).addExtensionValue(1, 1, 5).addExtension(20, long17, 0, 17)
                .addExtension(2, long17, 0, 0).write(new byte[0], 0, 0);
        view.wrap(buf, 0, n);
        assertEquals(RtpPacket.TWO_BYTE_PROFILE, view.extensionProfile());
        assertEquals(5, buf[view.findExtension(1)]);
        assertTrue(view.findExtension(20) > 0);
        assertEquals(17, view.foundExtensionLength());
        assertTrue(view.findExtension(2) > 0);
        assertEquals(0, view.foundExtensionLength());
        // Forced two-byte form for ids the one-byte form could carry (extmap-allow-mixed).
        n = writer.start(buf, 0, buf.length).twoByteExtensions(true).addExtensionValue(3, 2, 0x0102)
                .write(new byte[0], 0, 0);
        assertArrayEquals(Hex.bytes("90 00 0000 00000000 00000000 1000 0001 0302 0102"), Arrays.copyOf(buf, n));
    }

    @Test
    void refusesWhatDoesNotFit() {
        writer.start(buf, 0, 20).addExtension(1, new byte[16], 0, 16);
        assertThrows(IllegalStateException.class, writer::writeHeader);
        writer.start(buf, 0, 20);
        writer.writeHeader();
        assertThrows(IllegalStateException.class, () -> writer.finish(8, 1));
        assertThrows(IllegalArgumentException.class, () -> writer.start(buf, 0, 20).addExtensionValue(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> writer.start(buf, 0, 20).payloadType(128));
    }
}
