package dev.robusta.ice.stun;

import static dev.robusta.ice.stun.StunBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.stun.StunException.Reason;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** TURN ChannelData framing (RFC 8656 section 12.4). */
class ChannelDataTest {

    private static Reason rejection(byte[] frame, int offset, int length) {
        return assertThrows(StunException.class, () -> ChannelData.channel(frame, offset, length)).reason();
    }

    @Test
    void headerIsChannelThenLengthAndFramesArePaddedToFourBytes() {
        byte[] frame = new byte[16];
        assertEquals(12, ChannelData.writeHeader(frame, 0, 0x4001, 5));
        assertArrayEquals(hex("40010005"), Arrays.copyOf(frame, 4));
        assertEquals(5, ChannelData.payloadLength(frame, 0));
        assertEquals(4, ChannelData.writeHeader(frame, 0, 0x4001, 0));
        assertEquals(4 + 8, ChannelData.writeHeader(frame, 0, 0x4001, 8));
        assertEquals(4 + 0xFFFC, ChannelData.writeHeader(frame, 0, 0x4FFF, 0xFFFC));
        assertArrayEquals(hex("4fff fffc"), Arrays.copyOf(frame, 4));
        assertEquals(0xFFFC, ChannelData.payloadLength(frame, 0));
    }

    @Test
    void acceptsTheWholeChannelRangeWithOrWithoutPadding() throws StunException {
        for (int channel : new int[] {0x4000, 0x4567, 0x4FFF}) {
            byte[] frame = new byte[12];
            ChannelData.writeHeader(frame, 0, channel, 5);
            assertTrue(ChannelData.looksLikeChannelData(frame, 0, frame.length));
            assertEquals(channel, ChannelData.channel(frame, 0, 12), "padded");
            assertEquals(channel, ChannelData.channel(frame, 0, 9), "unpadded: allowed over UDP");
        }
    }

    @Test
    void readsAFrameInsideALargerArray() throws StunException {
        byte[] datagram = new byte[3 + 4 + 4 + 2];
        Arrays.fill(datagram, (byte) 0xFF);
        ChannelData.writeHeader(datagram, 3, 0x4ABC, 4);
        assertTrue(ChannelData.looksLikeChannelData(datagram, 3, 8));
        assertEquals(0x4ABC, ChannelData.channel(datagram, 3, 8));
        assertEquals(4, ChannelData.payloadLength(datagram, 3));
        assertEquals(Reason.BAD_CHANNEL_DATA, rejection(datagram, 3, 7));
    }

    @Test
    void refusesChannelsOutsideTheRange() {
        for (int channel : new int[] {0x0000, 0x3FFF, 0x5000, 0x7FFF, 0xFFFF}) {
            byte[] frame = new byte[8];
            ChannelData.writeHeader(frame, 0, channel, 4);
            assertEquals(Reason.BAD_CHANNEL_DATA, rejection(frame, 0, frame.length), Integer.toHexString(channel));
        }
    }

    @Test
    void refusesFramesShorterThanTheirHeaderOrTheirAnnouncedLength() {
        byte[] frame = new byte[12];
        ChannelData.writeHeader(frame, 0, 0x4001, 5);
        assertEquals(Reason.BAD_CHANNEL_DATA, rejection(frame, 0, 8));
        assertEquals(Reason.BAD_CHANNEL_DATA, rejection(frame, 0, 3));
        assertEquals(Reason.BAD_CHANNEL_DATA, rejection(frame, 0, 0));
        ChannelData.writeHeader(frame, 0, 0x4001, 0xFFFF);
        assertEquals(Reason.BAD_CHANNEL_DATA, rejection(frame, 0, frame.length));
    }

    @Test
    void demultiplexesByFirstByte() {
        // RFC 7983: 64..79 is TURN ChannelData; 0..3 is STUN; 128..191 is RTP/RTCP.
        byte[] b = new byte[8];
        for (int first = 0; first < 256; first++) {
            b[0] = (byte) first;
            assertEquals(first >= 64 && first <= 79, ChannelData.looksLikeChannelData(b, 0, b.length), "" + first);
        }
        b[0] = 0x40;
        assertFalse(ChannelData.looksLikeChannelData(b, 0, 3), "shorter than a header");
    }
}
