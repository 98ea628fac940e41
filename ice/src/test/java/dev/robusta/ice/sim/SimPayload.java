package dev.robusta.ice.sim;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Self-checking application payloads for simulated data: a marker byte that is neither STUN (0..3) nor
 * ChannelData (64..79), the sender's id, a sequence number, and filler derived from both, so the receiver can
 * rebuild the exact bytes and detect any corruption, truncation or mix-up.
 */
public final class SimPayload {
    /** First byte of every payload: in RFC 7983's RTP/RTCP range, far from STUN and ChannelData. */
    public static final int MARKER = 0xA5;
    public static final int MIN_SIZE = 12;

    /** A decoded payload. */
    public record Tag(int sender, long sequence) {}

    private SimPayload() {}

    /** The payload number {@code sequence} of {@code sender}, {@code size} bytes long (at least 12). */
    public static byte[] make(int sender, long sequence, int size) {
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("payloads have at least " + MIN_SIZE + " bytes");
        }
        byte[] b = new byte[size];
        b[0] = (byte) MARKER;
        b[1] = (byte) sender;
        for (int i = 0; i < 8; i++) {
            b[2 + i] = (byte) (sequence >>> (56 - 8 * i));
        }
        b[10] = (byte) (size >>> 8);
        b[11] = (byte) size;
        SplittableRandom r = new SplittableRandom(sender * 0x9E3779B97F4A7C15L + sequence);
        for (int i = MIN_SIZE; i < size; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    /** The tag of an intact payload; null when the bytes are not exactly a payload {@link #make} builds. */
    public static Tag parse(byte[] b) {
        if (b.length < MIN_SIZE || (b[0] & 0xFF) != MARKER || (((b[10] & 0xFF) << 8) | (b[11] & 0xFF)) != b.length) {
            return null;
        }
        int sender = b[1] & 0xFF;
        long sequence = 0;
        for (int i = 0; i < 8; i++) {
            sequence = (sequence << 8) | (b[2 + i] & 0xFF);
        }
        return Arrays.equals(b, make(sender, sequence, b.length)) ? new Tag(sender, sequence) : null;
    }
}
