package dev.robusta.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

class PacketKindTest {

    private static PacketKind kind(int first, int second) {
        byte[] data = {(byte) first, (byte) second};
        PacketKind fromArray = PacketKind.of(data, 0, 2);
        assertEquals(fromArray, PacketKind.of(ByteBuffer.wrap(data)), "array and buffer agree");
        return fromArray;
    }

    @Test
    void followsTheRfc7983FirstByteRanges() {
        for (int b = 0; b < 256; b++) {
            PacketKind expected;
            if (b <= 3) {
                expected = PacketKind.STUN;
            } else if (b >= 16 && b <= 19) {
                expected = PacketKind.ZRTP;
            } else if (b >= 20 && b <= 63) {
                expected = PacketKind.DTLS;
            } else if (b >= 64 && b <= 79) {
                expected = PacketKind.TURN_CHANNEL;
            } else if (b >= 128 && b <= 191) {
                expected = PacketKind.RTP;
            } else {
                expected = PacketKind.UNKNOWN;
            }
            assertEquals(expected, kind(b, 96), "first byte " + b);
        }
    }

    @Test
    void tellsRtcpFromRtpByPacketType() {
        assertEquals(PacketKind.RTCP, kind(0x80, 200)); // SR
        assertEquals(PacketKind.RTCP, kind(0x81, 201)); // RR
        assertEquals(PacketKind.RTCP, kind(0x81, 206)); // PSFB
        assertEquals(PacketKind.RTP, kind(0x80, 111)); // Opus, marker clear
        assertEquals(PacketKind.RTP, kind(0x80, 0x80 | 96)); // VP8 with the marker bit
        assertEquals(PacketKind.UNKNOWN, PacketKind.of(new byte[] {(byte) 0x80}, 0, 1));
        assertEquals(PacketKind.UNKNOWN, PacketKind.of(new byte[0], 0, 0));
    }
}
