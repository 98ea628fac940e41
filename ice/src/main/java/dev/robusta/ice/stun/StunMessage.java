package dev.robusta.ice.stun;

import static dev.robusta.ice.stun.StunAttributes.*;

import dev.robusta.ice.stun.StunException.Reason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed STUN message (RFC 8489): a validated view over the bytes it was parsed from, with an index of its
 * attributes. Typed getters decode values on demand. The view is valid while those bytes stay unchanged; parsing
 * copies nothing.
 *
 * <p>Parsing checks the whole structure (header, lengths, padding, each known attribute's length and form,
 * FINGERPRINT's position and value), so that the getters cannot fail on a message that parsed. Integrity needs a
 * key and is checked separately with {@link #checkIntegrity(byte[])}.
 */
public final class StunMessage {
    public static final int HEADER_LENGTH = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;
    /** More attributes than this is hostile or broken: real ICE/TURN messages carry under 15. */
    public static final int MAX_ATTRIBUTES = 64;

    /** Enough for the attributes of a connectivity check (browsers add one or two of their own) or a TURN reply. */
    private static final int INITIAL_INDEX_ATTRIBUTES = 8;
    private static final int MAX_TEXT_BYTES = 763; // REALM, NONCE, SOFTWARE, reason phrase (RFC 8489 section 14)
    private static final int MAX_USERNAME_BYTES = 513;

    private final byte[] buf;
    private final int start;
    private final int length;
    private final int messageType;
    private final int count;
    // Per attribute i: index[3i] = type, index[3i+1] = value offset in buf, index[3i+2] = value length.
    private final int[] index;
    private final int integrityIndex;
    private final int integritySha256Index;
    private final boolean hasFingerprint;

    private StunMessage(byte[] buf, int start, int length, int messageType, int count, int[] index,
                        int integrityIndex, int integritySha256Index, boolean hasFingerprint) {
        this.buf = buf;
        this.start = start;
        this.length = length;
        this.messageType = messageType;
        this.count = count;
        this.index = index;
        this.integrityIndex = integrityIndex;
        this.integritySha256Index = integritySha256Index;
        this.hasFingerprint = hasFingerprint;
    }

    /**
     * Quick test whether a datagram can be STUN at all (RFC 7983 first byte 0..3, magic cookie, length multiple
     * of 4 that matches): for demultiplexing before a full parse.
     */
    public static boolean looksLikeStun(byte[] data, int offset, int length) {
        return length >= HEADER_LENGTH && (data[offset] & 0xC0) == 0
                && readInt(data, offset + 4) == MAGIC_COOKIE
                && (readShort(data, offset + 2) & 3) == 0
                && readShort(data, offset + 2) + HEADER_LENGTH == length;
    }

    public static boolean looksLikeStun(ByteBuffer data) {
        int p = data.position();
        int n = data.remaining();
        return n >= HEADER_LENGTH && (data.get(p) & 0xC0) == 0 && data.getInt(p + 4) == MAGIC_COOKIE
                && (data.getShort(p + 2) & 3) == 0 && (data.getShort(p + 2) & 0xFFFF) + HEADER_LENGTH == n;
    }

    /** Parses a whole datagram's remaining bytes; a heap buffer is viewed, a direct one copied. */
    public static StunMessage parse(ByteBuffer data) throws StunException {
        if (data.hasArray()) {
            return parse(data.array(), data.arrayOffset() + data.position(), data.remaining());
        }
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return parse(copy, 0, copy.length);
    }

    public static StunMessage parse(byte[] data) throws StunException {
        return parse(data, 0, data.length);
    }

    /** Parses {@code data[offset..offset+length)}, which must be exactly one STUN message. */
    public static StunMessage parse(byte[] data, int offset, int length) throws StunException {
        if (length < HEADER_LENGTH) {
            throw new StunException(Reason.TRUNCATED, "STUN message of " + length + " bytes is shorter than its header");
        }
        if ((data[offset] & 0xC0) != 0) {
            throw new StunException(Reason.NOT_STUN, "first two bits of a STUN message must be zero");
        }
        if (readInt(data, offset + 4) != MAGIC_COOKIE) {
            throw new StunException(Reason.NOT_STUN, "no STUN magic cookie");
        }
        int bodyLength = readShort(data, offset + 2);
        if ((bodyLength & 3) != 0) {
            throw new StunException(Reason.BAD_PADDING, "STUN message length " + bodyLength + " is not a multiple of 4");
        }
        if (bodyLength + HEADER_LENGTH > length) {
            throw new StunException(Reason.TRUNCATED, "STUN header announces " + bodyLength + " bytes, datagram has "
                    + (length - HEADER_LENGTH));
        }
        if (bodyLength + HEADER_LENGTH < length) {
            throw new StunException(Reason.BAD_LENGTH, "datagram has " + (length - HEADER_LENGTH - bodyLength)
                    + " bytes after the STUN message");
        }
        int messageType = readShort(data, offset);
        int end = offset + length;
        // Sized for a typical ICE or TURN message and grown on demand, rather than for the worst case the body
        // length allows: parsing allocates the view and a small index, nothing more.
        int[] index = new int[Math.min(INITIAL_INDEX_ATTRIBUTES, bodyLength / 4) * 3];
        int count = 0;
        int integrity = -1;
        int integritySha256 = -1;
        boolean fingerprint = false;
        int p = offset + HEADER_LENGTH;
        while (p < end) {
            if (fingerprint) {
                throw new StunException(Reason.BAD_FINGERPRINT, "attribute after FINGERPRINT");
            }
            if (end - p < 4) {
                throw new StunException(Reason.TRUNCATED, "truncated attribute header");
            }
            int type = readShort(data, p);
            int valueLength = readShort(data, p + 2);
            int valueOffset = p + 4;
            int padded = (valueLength + 3) & ~3;
            if (padded > end - valueOffset) {
                throw new StunException(valueLength > end - valueOffset ? Reason.TRUNCATED : Reason.BAD_PADDING,
                        name(type) + " of " + valueLength + " bytes overruns the message");
            }
            p = valueOffset + padded;
            if (type == FINGERPRINT) {
                if (valueLength != 4) {
                    throw new StunException(Reason.BAD_LENGTH, "FINGERPRINT must be 4 bytes");
                }
                if (readInt(data, valueOffset) != StunCrypto.fingerprint(data, offset, valueOffset - 4)) {
                    throw new StunException(Reason.BAD_FINGERPRINT, "FINGERPRINT does not match");
                }
                fingerprint = true;
                continue;
            }
            if (integritySha256 >= 0 || (integrity >= 0 && type != MESSAGE_INTEGRITY_SHA256)) {
                continue; // RFC 8489 section 14.5/14.6: ignored after the integrity attributes.
            }
            if (count * 3 == index.length) {
                if (count == MAX_ATTRIBUTES) {
                    throw new StunException(Reason.TOO_MANY_ATTRIBUTES, "more than " + MAX_ATTRIBUTES + " attributes");
                }
                index = Arrays.copyOf(index, Math.min(Math.max(2 * count, INITIAL_INDEX_ATTRIBUTES), MAX_ATTRIBUTES) * 3);
            }
            validate(data, type, valueOffset, valueLength);
            if (type == MESSAGE_INTEGRITY) {
                integrity = count;
            } else if (type == MESSAGE_INTEGRITY_SHA256) {
                integritySha256 = count;
            }
            index[count * 3] = type;
            index[count * 3 + 1] = valueOffset;
            index[count * 3 + 2] = valueLength;
            count++;
        }
        return new StunMessage(data, offset, length, messageType, count, index, integrity, integritySha256, fingerprint);
    }

    /** Checks the definition of each known attribute, so that getters cannot fail later. */
    private static void validate(byte[] d, int type, int off, int len) throws StunException {
        switch (type) {
            case MAPPED_ADDRESS: case XOR_MAPPED_ADDRESS: case XOR_PEER_ADDRESS: case XOR_RELAYED_ADDRESS:
            case ALTERNATE_SERVER: {
                int family = len >= 2 ? d[off + 1] : 0;
                if (!(family == 1 && len == 8) && !(family == 2 && len == 20)) {
                    throw new StunException(Reason.BAD_ATTRIBUTE, name(type) + " has family " + family
                            + " and length " + len);
                }
                return;
            }
            case USERNAME:
                requireAtMost(type, len, MAX_USERNAME_BYTES);
                return;
            case REALM: case NONCE: case SOFTWARE: case ALTERNATE_DOMAIN:
                requireAtMost(type, len, MAX_TEXT_BYTES);
                return;
            case MESSAGE_INTEGRITY:
                requireLength(type, len, 20);
                return;
            case MESSAGE_INTEGRITY_SHA256:
                if (len < 16 || len > 32 || (len & 3) != 0) {
                    throw new StunException(Reason.BAD_LENGTH, "MESSAGE-INTEGRITY-SHA256 of " + len + " bytes");
                }
                return;
            case ERROR_CODE: case ADDRESS_ERROR_CODE: {
                if (len < 4 || len > 4 + MAX_TEXT_BYTES) {
                    throw new StunException(Reason.BAD_LENGTH, name(type) + " of " + len + " bytes");
                }
                int errorClass = d[off + 2] & 7;
                int number = d[off + 3] & 0xFF;
                if (errorClass < 3 || errorClass > 6 || number > 99) {
                    throw new StunException(Reason.BAD_ATTRIBUTE, name(type) + " class " + errorClass + " number "
                            + number);
                }
                return;
            }
            case UNKNOWN_ATTRIBUTES:
                if ((len & 1) != 0) {
                    throw new StunException(Reason.BAD_LENGTH, "UNKNOWN-ATTRIBUTES of odd length " + len);
                }
                return;
            case PRIORITY: case CHANNEL_NUMBER: case LIFETIME: case REQUESTED_TRANSPORT:
            case REQUESTED_ADDRESS_FAMILY: case ADDITIONAL_ADDRESS_FAMILY:
                requireLength(type, len, 4);
                return;
            case ICE_CONTROLLED: case ICE_CONTROLLING: case RESERVATION_TOKEN: case ICMP:
                requireLength(type, len, 8);
                return;
            case USE_CANDIDATE: case DONT_FRAGMENT:
                requireLength(type, len, 0);
                return;
            case EVEN_PORT:
                requireLength(type, len, 1);
                return;
            case USERHASH:
                requireLength(type, len, 32);
                return;
            default:
                // DATA, PASSWORD-ALGORITHM(S) and unknown attributes: any length.
        }
    }

    private static void requireLength(int type, int len, int expected) throws StunException {
        if (len != expected) {
            throw new StunException(Reason.BAD_LENGTH, name(type) + " must be " + expected + " bytes, not " + len);
        }
    }

    private static void requireAtMost(int type, int len, int max) throws StunException {
        if (len > max) {
            throw new StunException(Reason.BAD_LENGTH, name(type) + " of " + len + " bytes exceeds " + max);
        }
    }

    // ---- header ----

    public int messageType() {
        return messageType;
    }

    public int method() {
        return StunClass.methodOfType(messageType);
    }

    public StunClass messageClass() {
        return StunClass.ofType(messageType);
    }

    public boolean is(StunClass cls, int method) {
        return messageType == cls.messageType(method);
    }

    public TransactionId transactionId() {
        return TransactionId.of(buf, start + 8);
    }

    public boolean hasTransactionId(TransactionId id) {
        return id.matches(buf, start + 8);
    }

    /** The bytes this message was parsed from. */
    public byte[] array() {
        return buf;
    }

    public int offset() {
        return start;
    }

    public int length() {
        return length;
    }

    // ---- attributes ----

    /** Number of indexed attributes (those after the integrity attributes are ignored, FINGERPRINT is not listed). */
    public int attributeCount() {
        return count;
    }

    public int attributeType(int i) {
        return index[i * 3];
    }

    public int attributeValueOffset(int i) {
        return index[i * 3 + 1];
    }

    public int attributeValueLength(int i) {
        return index[i * 3 + 2];
    }

    /** Index of the first attribute of this type, or -1. */
    public int indexOf(int type) {
        for (int i = 0; i < count; i++) {
            if (index[i * 3] == type) {
                return i;
            }
        }
        return -1;
    }

    public boolean has(int type) {
        return indexOf(type) >= 0;
    }

    public boolean hasFingerprint() {
        return hasFingerprint;
    }

    public boolean hasIntegrity() {
        return integrityIndex >= 0 || integritySha256Index >= 0;
    }

    /** Comprehension-required attribute types this codec does not know (for a 420 response), possibly empty. */
    public int[] unknownComprehensionRequired() {
        int[] unknown = new int[0];
        for (int i = 0; i < count; i++) {
            int type = index[i * 3];
            if (isComprehensionRequired(type) && !isKnown(type)) {
                unknown = Arrays.copyOf(unknown, unknown.length + 1);
                unknown[unknown.length - 1] = type;
            }
        }
        return unknown;
    }

    /** A copy of the first value of this type, or null. */
    public byte[] bytes(int type) {
        int i = indexOf(type);
        return i < 0 ? null : Arrays.copyOfRange(buf, index[i * 3 + 1], index[i * 3 + 1] + index[i * 3 + 2]);
    }

    /** The first value of this type as UTF-8 text, or null. */
    public String string(int type) {
        int i = indexOf(type);
        return i < 0 ? null : new String(buf, index[i * 3 + 1], index[i * 3 + 2], StandardCharsets.UTF_8);
    }

    public String username() {
        return string(USERNAME);
    }

    public String realm() {
        return string(REALM);
    }

    public String nonce() {
        return string(NONCE);
    }

    public String software() {
        return string(SOFTWARE);
    }

    /** An unsigned 32-bit attribute (PRIORITY, LIFETIME...), or {@code absent}. */
    public long uint32(int type, long absent) {
        int i = indexOf(type);
        return i < 0 || index[i * 3 + 2] != 4 ? absent : readInt(buf, index[i * 3 + 1]) & 0xFFFFFFFFL;
    }

    /** A 64-bit attribute (ICE-CONTROLLING/ICE-CONTROLLED tie-breaker, RESERVATION-TOKEN), or {@code absent}. */
    public long uint64(int type, long absent) {
        int i = indexOf(type);
        if (i < 0 || index[i * 3 + 2] != 8) {
            return absent;
        }
        int off = index[i * 3 + 1];
        return ((long) readInt(buf, off) << 32) | (readInt(buf, off + 4) & 0xFFFFFFFFL);
    }

    /** ICE PRIORITY, or -1. */
    public long priority() {
        return uint32(PRIORITY, -1);
    }

    /** TURN LIFETIME in seconds, or -1. */
    public long lifetimeSeconds() {
        return uint32(LIFETIME, -1);
    }

    /** TURN CHANNEL-NUMBER, or -1. */
    public int channelNumber() {
        int i = indexOf(CHANNEL_NUMBER);
        return i < 0 ? -1 : readShort(buf, index[i * 3 + 1]);
    }

    /** ERROR-CODE, or null. */
    public ErrorCode errorCode() {
        int i = indexOf(ERROR_CODE);
        if (i < 0) {
            return null;
        }
        int off = index[i * 3 + 1];
        int code = (buf[off + 2] & 7) * 100 + (buf[off + 3] & 0xFF);
        return new ErrorCode(code, new String(buf, off + 4, index[i * 3 + 2] - 4, StandardCharsets.UTF_8));
    }

    /** The types listed in UNKNOWN-ATTRIBUTES, or an empty array. */
    public int[] unknownAttributes() {
        int i = indexOf(UNKNOWN_ATTRIBUTES);
        if (i < 0) {
            return new int[0];
        }
        int off = index[i * 3 + 1];
        int[] types = new int[index[i * 3 + 2] / 2];
        for (int k = 0; k < types.length; k++) {
            types[k] = readShort(buf, off + 2 * k);
        }
        return types;
    }

    /** The first address attribute of this type, XOR-decoded when its type is an XOR one; or null. */
    public InetSocketAddress address(int type) {
        int i = indexOf(type);
        return i < 0 ? null : decodeAddress(type, index[i * 3 + 1], index[i * 3 + 2]);
    }

    /** Every address attribute of this type in order (CreatePermission may carry several XOR-PEER-ADDRESS). */
    public List<InetSocketAddress> addresses(int type) {
        List<InetSocketAddress> out = new ArrayList<>(2);
        for (int i = 0; i < count; i++) {
            if (index[i * 3] == type) {
                out.add(decodeAddress(type, index[i * 3 + 1], index[i * 3 + 2]));
            }
        }
        return out;
    }

    public InetSocketAddress xorMappedAddress() {
        return address(XOR_MAPPED_ADDRESS);
    }

    /** DATA's value offset in {@link #array()}, or -1: lets TURN data be delivered without a copy. */
    public int dataOffset() {
        int i = indexOf(DATA);
        return i < 0 ? -1 : index[i * 3 + 1];
    }

    public int dataLength() {
        int i = indexOf(DATA);
        return i < 0 ? -1 : index[i * 3 + 2];
    }

    private InetSocketAddress decodeAddress(int type, int off, int len) {
        boolean xor = type == XOR_MAPPED_ADDRESS || type == XOR_PEER_ADDRESS || type == XOR_RELAYED_ADDRESS;
        int port = readShort(buf, off + 2);
        byte[] ip = new byte[len == 8 ? 4 : 16];
        System.arraycopy(buf, off + 4, ip, 0, ip.length);
        if (xor) {
            port ^= MAGIC_COOKIE >>> 16;
            // The XOR key is the magic cookie followed by the transaction ID (RFC 8489 section 14.2).
            for (int k = 0; k < ip.length; k++) {
                ip[k] ^= buf[start + 4 + k];
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4- or 16-byte address is always valid", e);
        }
    }

    // ---- integrity ----

    /**
     * Checks MESSAGE-INTEGRITY-SHA256 when present, otherwise MESSAGE-INTEGRITY, against this key.
     *
     * @return false when the message has neither or the HMAC does not match
     */
    public boolean checkIntegrity(byte[] key) {
        if (integritySha256Index >= 0) {
            return checkHmac(true, key, integritySha256Index);
        }
        return integrityIndex >= 0 && checkHmac(false, key, integrityIndex);
    }

    /** Like {@link #checkIntegrity(byte[])} but throws a typed error; for callers that drop on failure. */
    public void requireIntegrity(byte[] key) throws StunException {
        if (!hasIntegrity()) {
            throw new StunException(Reason.BAD_INTEGRITY, "no MESSAGE-INTEGRITY");
        }
        if (!checkIntegrity(key)) {
            throw new StunException(Reason.BAD_INTEGRITY, "MESSAGE-INTEGRITY does not match");
        }
    }

    private boolean checkHmac(boolean sha256, byte[] key, int attribute) {
        int valueOffset = index[attribute * 3 + 1];
        int valueLength = index[attribute * 3 + 2];
        int attributeStart = valueOffset - 4;
        int patchedLength = attributeStart - start - HEADER_LENGTH + 4 + valueLength;
        byte[] mac = StunCrypto.hmac(sha256, key, buf, start, attributeStart, patchedLength);
        return StunCrypto.equalsConstantTime(mac, 0, buf, valueOffset, valueLength);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(StunMethod.name(method())).append(' ').append(messageClass()).append(" tx=")
                .append(transactionId()).append(" [");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(name(index[i * 3]));
        }
        return b.append(hasFingerprint ? ", FINGERPRINT]" : "]").toString();
    }

    static int readShort(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }
}
