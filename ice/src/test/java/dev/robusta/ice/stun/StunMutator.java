package dev.robusta.ice.stun;

import static dev.robusta.ice.stun.StunAttributes.*;
import static dev.robusta.ice.stun.StunBytes.attributeStarts;
import static dev.robusta.ice.stun.StunBytes.putU16;
import static dev.robusta.ice.stun.StunBytes.u16;

import java.util.Arrays;
import java.util.Random;

/**
 * Seeded structure-aware mutations of STUN messages for the fuzz test. Besides blind byte damage it edits real
 * attribute headers (found by walking the lengths), inserts, duplicates, removes and swaps attributes, and often
 * repairs the header length and FINGERPRINT afterwards so that the damage reaches the checks behind the CRC.
 */
final class StunMutator {
    /** Attribute types the codec validates, to aim type edits and insertions at real checks. */
    static final int[] KNOWN_TYPES = {MAPPED_ADDRESS, USERNAME, MESSAGE_INTEGRITY, ERROR_CODE, UNKNOWN_ATTRIBUTES,
        REALM, NONCE, MESSAGE_INTEGRITY_SHA256, PASSWORD_ALGORITHM, USERHASH, XOR_MAPPED_ADDRESS, PASSWORD_ALGORITHMS,
        ALTERNATE_DOMAIN, SOFTWARE, ALTERNATE_SERVER, FINGERPRINT, PRIORITY, USE_CANDIDATE, ICE_CONTROLLED,
        ICE_CONTROLLING, CHANNEL_NUMBER, LIFETIME, XOR_PEER_ADDRESS, DATA, XOR_RELAYED_ADDRESS,
        REQUESTED_ADDRESS_FAMILY, EVEN_PORT, REQUESTED_TRANSPORT, DONT_FRAGMENT, RESERVATION_TOKEN,
        ADDITIONAL_ADDRESS_FAMILY, ADDRESS_ERROR_CODE, ICMP};
    /** Byte values that sit on the edges of the codec's checks (families, error classes, first-byte demux). */
    private static final int[] INTERESTING = {0x00, 0x01, 0x02, 0x03, 0x04, 0x06, 0x07, 0x3F, 0x40, 0x4F, 0x63,
        0x64, 0x7F, 0x80, 0xC0, 0xFF};
    private static final int KINDS = 12;

    private final Random random;

    StunMutator(Random random) {
        this.random = random;
    }

    /** One to three stacked mutations of a copy of the seed, then, most of the time, a repair. */
    byte[] mutate(byte[] seed) {
        byte[] m = seed.clone();
        for (int k = 1 + random.nextInt(3); k > 0; k--) {
            m = mutateOnce(m);
        }
        if (m.length >= StunMessage.HEADER_LENGTH && m.length - StunMessage.HEADER_LENGTH <= 0xFFFF
                && random.nextInt(10) < 6) {
            StunBytes.fixBodyLength(m);
            StunBytes.refreshFingerprint(m);
        }
        return m;
    }

    private byte[] mutateOnce(byte[] m) {
        if (m.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int[] starts = m.length > StunMessage.HEADER_LENGTH ? attributeStarts(m) : new int[0];
        int kind = random.nextInt(KINDS);
        if (starts.length == 0 && kind >= 5) {
            kind = random.nextInt(5); // the attribute-aware kinds need an attribute to work on
        }
        switch (kind) {
            case 0: // flip one to four bits
                for (int k = 1 + random.nextInt(4); k > 0; k--) {
                    m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return m;
            case 1: // set one to four bytes to random or edge values
                for (int k = 1 + random.nextInt(4); k > 0; k--) {
                    m[random.nextInt(m.length)] = interestingOrRandomByte();
                }
                return m;
            case 2: // truncate anywhere, header included
                return Arrays.copyOf(m, random.nextInt(m.length));
            case 3: { // extend with garbage, sometimes 4-aligned
                int more = random.nextBoolean() ? 4 * (1 + random.nextInt(16)) : 1 + random.nextInt(64);
                byte[] out = Arrays.copyOf(m, m.length + more);
                for (int i = m.length; i < out.length; i++) {
                    out[i] = (byte) random.nextInt(256);
                }
                return out;
            }
            case 4: // the header's length field
                if (m.length >= 4) {
                    int body = m.length - StunMessage.HEADER_LENGTH;
                    putU16(m, 2, random.nextBoolean() ? random.nextInt(0x10000) : body + random.nextInt(17) - 8);
                }
                return m;
            case 5: { // an attribute's length field: anything, small, or off by a little
                int at = pick(starts);
                int length = u16(m, at + 2);
                int choice = random.nextInt(3);
                putU16(m, at + 2, choice == 0 ? random.nextInt(0x10000)
                        : choice == 1 ? random.nextInt(40) : length + random.nextInt(9) - 4);
                return m;
            }
            case 6: { // an attribute's type
                int at = pick(starts);
                putU16(m, at, random.nextInt(4) > 0 ? KNOWN_TYPES[random.nextInt(KNOWN_TYPES.length)]
                        : random.nextInt(0x10000));
                return m;
            }
            case 7: { // duplicate an attribute in place (header, value and padding)
                int at = pick(starts);
                int span = Math.min(m.length - at, 4 + ((u16(m, at + 2) + 3) & ~3));
                return insert(m, at, Arrays.copyOfRange(m, at, at + span));
            }
            case 8: // insert a new attribute, usually of a known type and a plausible length
                return insert(m, boundary(m, starts), newAttribute());
            case 9: { // remove an attribute
                int at = pick(starts);
                int span = Math.min(m.length - at, 4 + ((u16(m, at + 2) + 3) & ~3));
                byte[] out = new byte[m.length - span];
                System.arraycopy(m, 0, out, 0, at);
                System.arraycopy(m, at + span, out, at, m.length - at - span);
                return out;
            }
            case 10: { // many attributes: often just over the limit, sometimes a 64 KB flood
                int n = random.nextInt(20) == 0 ? 16_000 : random.nextInt(2 * StunMessage.MAX_ATTRIBUTES + 8);
                byte[] block = new byte[4 * n];
                for (int i = 0; i < n; i += 1 + random.nextInt(8)) {
                    putU16(block, 4 * i, random.nextBoolean() ? USE_CANDIDATE : random.nextInt(0x10000));
                }
                return insert(m, boundary(m, starts), block);
            }
            default: { // a byte inside a value, where families, error classes and numbers live
                int at = pick(starts);
                int length = u16(m, at + 2);
                if (length > 0) {
                    int i = at + 4 + Math.min(random.nextInt(4), length - 1);
                    if (i < m.length) {
                        m[i] = interestingOrRandomByte();
                    }
                }
                return m;
            }
        }
    }

    private byte[] newAttribute() {
        int type = random.nextInt(5) > 0 ? KNOWN_TYPES[random.nextInt(KNOWN_TYPES.length)] : random.nextInt(0x10000);
        int[] lengths = {0, 1, 2, 4, 8, 16, 20, 32, random.nextInt(48)};
        int length = lengths[random.nextInt(lengths.length)];
        byte[] a = new byte[4 + ((length + 3) & ~3)];
        putU16(a, 0, type);
        putU16(a, 2, length);
        for (int i = 4; i < 4 + length; i++) {
            a[i] = interestingOrRandomByte();
        }
        return a;
    }

    private static byte[] insert(byte[] m, int at, byte[] what) {
        byte[] out = new byte[m.length + what.length];
        System.arraycopy(m, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(m, at, out, at + what.length, m.length - at);
        return out;
    }

    /** An attribute boundary: before one of the attributes, or at the end. */
    private int boundary(byte[] m, int[] starts) {
        int i = random.nextInt(starts.length + 1);
        return i < starts.length ? starts[i] : m.length;
    }

    private int pick(int[] starts) {
        return starts[random.nextInt(starts.length)];
    }

    private byte interestingOrRandomByte() {
        return (byte) (random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : random.nextInt(256));
    }
}
