package dev.robusta.ice.stun;

import static dev.robusta.ice.stun.StunAttributes.*;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one STUN message at a time into an internal, reusable buffer. Attributes are written as they are added;
 * {@link #addMessageIntegrity}, {@link #addMessageIntegritySha256} and {@link #addFingerprint} close the message
 * in that order. {@link #reset} starts the next message in the same buffer, so a long-lived builder encodes
 * without allocating.
 */
public final class StunMessageBuilder {
    private byte[] buf = new byte[256];
    private int pos;
    private int paddingByte;
    /** 0: open; 1: MESSAGE-INTEGRITY added; 2: MESSAGE-INTEGRITY-SHA256 added; 3: FINGERPRINT added. */
    private int closedBy;
    private InetAddress lastAddress;
    private byte[] lastAddressBytes;

    public StunMessageBuilder() {
        reset(StunClass.REQUEST, StunMethod.BINDING, TransactionId.random());
    }

    /** Value of the padding bytes after attributes (RFC 8489: any value; RFC 5769's vectors use 0x20). */
    public StunMessageBuilder paddingByte(int value) {
        this.paddingByte = value;
        return this;
    }

    public StunMessageBuilder reset(StunClass cls, int method, TransactionId transactionId) {
        return reset(cls.messageType(method), transactionId);
    }

    public StunMessageBuilder reset(int messageType, TransactionId transactionId) {
        pos = 0;
        closedBy = 0;
        writeShort(messageType & 0x3FFF);
        writeShort(0);
        writeInt(StunMessage.MAGIC_COOKIE);
        transactionId.copyTo(buf, pos);
        pos += TransactionId.LENGTH;
        return this;
    }

    /** Starts a response (success or error) to the given request: same method and transaction ID. */
    public StunMessageBuilder resetAsResponse(StunMessage request, boolean success) {
        StunClass cls = success ? StunClass.SUCCESS_RESPONSE : StunClass.ERROR_RESPONSE;
        pos = 0;
        closedBy = 0;
        writeShort(cls.messageType(request.method()));
        writeShort(0);
        writeInt(StunMessage.MAGIC_COOKIE);
        System.arraycopy(request.array(), request.offset() + 8, buf, pos, TransactionId.LENGTH);
        pos += TransactionId.LENGTH;
        return this;
    }

    // ---- generic attributes ----

    public StunMessageBuilder add(int type, byte[] value) {
        return add(type, value, 0, value.length);
    }

    public StunMessageBuilder add(int type, byte[] value, int offset, int length) {
        beginAttribute(type, length);
        System.arraycopy(value, offset, buf, pos, length);
        pos += length;
        return endAttribute(length);
    }

    public StunMessageBuilder addString(int type, String value) {
        if (!isAscii(value)) {
            return add(type, value.getBytes(StandardCharsets.UTF_8));
        }
        // ICE ufrags, passwords and most realms and nonces are ASCII: write them directly, without a byte[] copy.
        int length = value.length();
        beginAttribute(type, length);
        for (int i = 0; i < length; i++) {
            buf[pos++] = (byte) value.charAt(i);
        }
        return endAttribute(length);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    public StunMessageBuilder addUint32(int type, long value) {
        beginAttribute(type, 4);
        writeInt((int) value);
        return endAttribute(4);
    }

    public StunMessageBuilder addUint64(int type, long value) {
        beginAttribute(type, 8);
        writeInt((int) (value >>> 32));
        writeInt((int) value);
        return endAttribute(8);
    }

    /** A zero-length attribute (USE-CANDIDATE, DONT-FRAGMENT). */
    public StunMessageBuilder addFlag(int type) {
        beginAttribute(type, 0);
        return endAttribute(0);
    }

    // ---- typed attributes ----

    public StunMessageBuilder addUsername(String username) {
        return addString(USERNAME, username);
    }

    public StunMessageBuilder addSoftware(String software) {
        return addString(SOFTWARE, software);
    }

    public StunMessageBuilder addPriority(long priority) {
        return addUint32(PRIORITY, priority);
    }

    public StunMessageBuilder addIceControlling(long tieBreaker) {
        return addUint64(ICE_CONTROLLING, tieBreaker);
    }

    public StunMessageBuilder addIceControlled(long tieBreaker) {
        return addUint64(ICE_CONTROLLED, tieBreaker);
    }

    public StunMessageBuilder addUseCandidate() {
        return addFlag(USE_CANDIDATE);
    }

    public StunMessageBuilder addLifetime(long seconds) {
        return addUint32(LIFETIME, seconds);
    }

    /** REQUESTED-TRANSPORT with an IANA protocol number (17 = UDP). */
    public StunMessageBuilder addRequestedTransport(int protocol) {
        return addUint32(REQUESTED_TRANSPORT, (long) (protocol & 0xFF) << 24);
    }

    /** REQUESTED-ADDRESS-FAMILY (RFC 8656 section 18.10): 1 = IPv4, 2 = IPv6. */
    public StunMessageBuilder addRequestedAddressFamily(int family) {
        return addUint32(REQUESTED_ADDRESS_FAMILY, (long) (family & 0xFF) << 24);
    }

    public StunMessageBuilder addChannelNumber(int channel) {
        return addUint32(CHANNEL_NUMBER, (long) (channel & 0xFFFF) << 16);
    }

    public StunMessageBuilder addErrorCode(ErrorCode error) {
        byte[] reason = error.reason().getBytes(StandardCharsets.UTF_8);
        int length = 4 + reason.length;
        beginAttribute(ERROR_CODE, length);
        writeShort(0);
        buf[pos++] = (byte) (error.code() / 100);
        buf[pos++] = (byte) (error.code() % 100);
        System.arraycopy(reason, 0, buf, pos, reason.length);
        pos += reason.length;
        return endAttribute(length);
    }

    public StunMessageBuilder addUnknownAttributes(int... types) {
        beginAttribute(UNKNOWN_ATTRIBUTES, types.length * 2);
        for (int t : types) {
            writeShort(t);
        }
        return endAttribute(types.length * 2);
    }

    /** An address attribute; XOR-encoded when the type is XOR-MAPPED-, XOR-PEER- or XOR-RELAYED-ADDRESS. */
    public StunMessageBuilder addAddress(int type, InetSocketAddress address) {
        if (address.getAddress() == null) {
            throw new IllegalArgumentException("unresolved address " + address);
        }
        byte[] ip = addressBytes(address.getAddress());
        boolean xor = type == XOR_MAPPED_ADDRESS || type == XOR_PEER_ADDRESS || type == XOR_RELAYED_ADDRESS;
        int length = 4 + ip.length;
        beginAttribute(type, length);
        buf[pos++] = 0;
        buf[pos++] = (byte) (ip.length == 4 ? 1 : 2);
        writeShort(xor ? address.getPort() ^ (StunMessage.MAGIC_COOKIE >>> 16) : address.getPort());
        for (int k = 0; k < ip.length; k++) {
            // The XOR key is the magic cookie then the transaction ID, which sit at bytes 4..19 of the header.
            buf[pos++] = (byte) (xor ? ip[k] ^ buf[4 + k] : ip[k]);
        }
        return endAttribute(length);
    }

    /**
     * The bytes of an IP address. {@link InetAddress#getAddress()} returns a new copy on every call; a responder
     * answers the same peers again and again, so the last address's bytes are kept (InetAddress.equals compares
     * the address without allocating).
     */
    private byte[] addressBytes(InetAddress address) {
        if (!address.equals(lastAddress)) {
            lastAddressBytes = address.getAddress();
            lastAddress = address;
        }
        return lastAddressBytes;
    }

    public StunMessageBuilder addXorMappedAddress(InetSocketAddress address) {
        return addAddress(XOR_MAPPED_ADDRESS, address);
    }

    // ---- integrity and fingerprint ----

    /** Appends MESSAGE-INTEGRITY (HMAC-SHA1) computed with this key over everything written so far. */
    public StunMessageBuilder addMessageIntegrity(byte[] key) {
        if (closedBy >= 1) {
            throw new IllegalStateException("MESSAGE-INTEGRITY must come before MESSAGE-INTEGRITY-SHA256 and FINGERPRINT");
        }
        appendHmac(false, MESSAGE_INTEGRITY, 20, key);
        closedBy = 1;
        return this;
    }

    /** Appends MESSAGE-INTEGRITY-SHA256 (full 32 bytes). */
    public StunMessageBuilder addMessageIntegritySha256(byte[] key) {
        if (closedBy >= 2) {
            throw new IllegalStateException("MESSAGE-INTEGRITY-SHA256 must come before FINGERPRINT");
        }
        appendHmac(true, MESSAGE_INTEGRITY_SHA256, 32, key);
        closedBy = 2;
        return this;
    }

    public StunMessageBuilder addFingerprint() {
        if (closedBy >= 3) {
            throw new IllegalStateException("FINGERPRINT already added");
        }
        int attributeStart = pos;
        beginAttribute(FINGERPRINT, 4);
        setLength(pos + 4 - StunMessage.HEADER_LENGTH);
        writeInt(StunCrypto.fingerprint(buf, 0, attributeStart));
        closedBy = 3;
        return this;
    }

    private void appendHmac(boolean sha256, int type, int length, byte[] key) {
        int attributeStart = pos;
        beginAttribute(type, length);
        byte[] mac = StunCrypto.hmac(sha256, key, buf, 0, attributeStart,
                attributeStart + 4 + length - StunMessage.HEADER_LENGTH);
        System.arraycopy(mac, 0, buf, pos, length);
        pos += length;
        endAttribute(length);
    }

    // ---- output ----

    /** Bytes written so far. */
    public int length() {
        return pos;
    }

    /** The internal buffer: the message is {@code array()[0..length())}, valid until the next reset. */
    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    public int writeTo(byte[] target, int offset) {
        System.arraycopy(buf, 0, target, offset, pos);
        return pos;
    }

    // ---- internals ----

    private void beginAttribute(int type, int length) {
        if (closedBy == 3 || (closedBy > 0 && type != MESSAGE_INTEGRITY_SHA256 && type != FINGERPRINT)) {
            throw new IllegalStateException(name(type) + " cannot follow the integrity or fingerprint attributes");
        }
        if (length > 0xFFFF) {
            throw new IllegalArgumentException(name(type) + " value of " + length + " bytes is too long");
        }
        ensure(4 + ((length + 3) & ~3));
        writeShort(type);
        writeShort(length);
    }

    private StunMessageBuilder endAttribute(int length) {
        int padding = (4 - (length & 3)) & 3;
        for (int i = 0; i < padding; i++) {
            buf[pos++] = (byte) paddingByte;
        }
        setLength(pos - StunMessage.HEADER_LENGTH);
        return this;
    }

    private void setLength(int bodyLength) {
        if (bodyLength > 0xFFFF) {
            throw new IllegalStateException("STUN message longer than 65535 bytes");
        }
        buf[2] = (byte) (bodyLength >>> 8);
        buf[3] = (byte) bodyLength;
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }

    private void writeShort(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void writeInt(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }
}
