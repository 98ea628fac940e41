package dev.robusta.ice.stun;

import static dev.robusta.ice.stun.StunAttributes.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.stun.StunException.Reason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StunCodecTest {
    private static final byte[] KEY = StunCredentials.shortTermKey("a-password-of-22-chars");

    private static InetSocketAddress addr(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    @Test
    void messageTypesEncodeClassAndMethod() {
        assertEquals(0x0001, StunClass.REQUEST.messageType(StunMethod.BINDING));
        assertEquals(0x0011, StunClass.INDICATION.messageType(StunMethod.BINDING));
        assertEquals(0x0101, StunClass.SUCCESS_RESPONSE.messageType(StunMethod.BINDING));
        assertEquals(0x0111, StunClass.ERROR_RESPONSE.messageType(StunMethod.BINDING));
        assertEquals(0x0003, StunClass.REQUEST.messageType(StunMethod.ALLOCATE));
        assertEquals(0x0113, StunClass.ERROR_RESPONSE.messageType(StunMethod.ALLOCATE));
        assertEquals(0x0016, StunClass.INDICATION.messageType(StunMethod.SEND));
        assertEquals(0x0017, StunClass.INDICATION.messageType(StunMethod.DATA));
        assertEquals(0x0108, StunClass.SUCCESS_RESPONSE.messageType(StunMethod.CREATE_PERMISSION));
        assertEquals(0x0009, StunClass.REQUEST.messageType(StunMethod.CHANNEL_BIND));
        for (StunClass c : StunClass.values()) {
            for (int method = 0; method < 0x1000; method += 37) {
                int type = c.messageType(method);
                assertEquals(c, StunClass.ofType(type));
                assertEquals(method, StunClass.methodOfType(type));
            }
        }
    }

    @Test
    void iceCheckRoundTrips() throws Exception {
        TransactionId tx = TransactionId.random(new Random(1));
        byte[] bytes = new StunMessageBuilder().reset(StunClass.REQUEST, StunMethod.BINDING, tx)
                .addUsername("remote:local").addPriority(0x6e7f1eff).addIceControlling(0x8000_0000_0000_0001L)
                .addUseCandidate().addMessageIntegrity(KEY).addFingerprint().toByteArray();
        StunMessage m = StunMessage.parse(bytes);
        assertEquals(tx, m.transactionId());
        assertTrue(m.hasTransactionId(tx));
        assertEquals("remote:local", m.username());
        assertEquals(0x6e7f1effL, m.priority());
        assertEquals(0x8000_0000_0000_0001L, m.uint64(ICE_CONTROLLING, 0));
        assertTrue(m.has(USE_CANDIDATE));
        assertTrue(m.checkIntegrity(KEY));
        assertTrue(m.hasFingerprint());
        assertEquals(0, m.unknownComprehensionRequired().length);
        assertTrue(StunMessage.looksLikeStun(bytes, 0, bytes.length));
    }

    @Test
    void integritySha256AndBothTogether() throws Exception {
        TransactionId tx = TransactionId.random(new Random(2));
        byte[] only256 = new StunMessageBuilder().reset(StunClass.REQUEST, StunMethod.BINDING, tx)
                .addUsername("u").addMessageIntegritySha256(KEY).addFingerprint().toByteArray();
        assertTrue(StunMessage.parse(only256).checkIntegrity(KEY));
        byte[] both = new StunMessageBuilder().reset(StunClass.REQUEST, StunMethod.BINDING, tx)
                .addUsername("u").addMessageIntegrity(KEY).addMessageIntegritySha256(KEY).addFingerprint().toByteArray();
        StunMessage m = StunMessage.parse(both);
        assertTrue(m.checkIntegrity(KEY));
        assertFalse(m.checkIntegrity(StunCredentials.shortTermKey("another-password-22chars")));
        // Tampering with the SHA-256 value is caught.
        byte[] tampered = both.clone();
        tampered[tampered.length - 12] ^= 1;
        assertThrows(StunException.class, () -> StunMessage.parse(tampered)); // fingerprint catches it first
    }

    @Test
    void turnAttributesRoundTrip() throws Exception {
        TransactionId tx = TransactionId.random(new Random(3));
        InetSocketAddress peer4 = addr("192.0.2.77", 40000);
        InetSocketAddress peer6 = addr("2001:db8::42", 40001);
        InetSocketAddress relayed = addr("198.51.100.9", 50000);
        byte[] data = {1, 2, 3, 4, 5};
        byte[] bytes = new StunMessageBuilder().reset(StunClass.SUCCESS_RESPONSE, StunMethod.ALLOCATE, tx)
                .addAddress(XOR_RELAYED_ADDRESS, relayed).addXorMappedAddress(peer4)
                .addAddress(XOR_PEER_ADDRESS, peer4).addAddress(XOR_PEER_ADDRESS, peer6)
                .addLifetime(600).addChannelNumber(0x4001).addRequestedTransport(17)
                .addRequestedAddressFamily(2).add(DATA, data).addAddress(MAPPED_ADDRESS, peer6)
                .addFlag(DONT_FRAGMENT).addUint64(RESERVATION_TOKEN, 42).add(EVEN_PORT, new byte[] {(byte) 0x80})
                .addFingerprint().toByteArray();
        StunMessage m = StunMessage.parse(bytes);
        assertEquals(relayed, m.address(XOR_RELAYED_ADDRESS));
        assertEquals(peer4, m.xorMappedAddress());
        assertEquals(List.of(peer4, peer6), m.addresses(XOR_PEER_ADDRESS));
        assertEquals(peer6, m.address(MAPPED_ADDRESS));
        assertEquals(600, m.lifetimeSeconds());
        assertEquals(0x4001, m.channelNumber());
        assertEquals(17L << 24, m.uint32(REQUESTED_TRANSPORT, -1));
        assertEquals(2L << 24, m.uint32(REQUESTED_ADDRESS_FAMILY, -1));
        assertArrayEquals(data, m.bytes(DATA));
        assertArrayEquals(data, Arrays.copyOfRange(m.array(), m.dataOffset(), m.dataOffset() + m.dataLength()));
        assertTrue(m.has(DONT_FRAGMENT));
        assertEquals(42, m.uint64(RESERVATION_TOKEN, -1));
        assertNull(m.address(ALTERNATE_SERVER));
        assertEquals(-1, m.priority());
    }

    @Test
    void errorResponseWithUnknownAttributes() throws Exception {
        TransactionId tx = TransactionId.random(new Random(4));
        byte[] bytes = new StunMessageBuilder().reset(StunClass.ERROR_RESPONSE, StunMethod.BINDING, tx)
                .addErrorCode(ErrorCode.of(ErrorCode.UNKNOWN_ATTRIBUTE)).addUnknownAttributes(0x0031, 0x7777)
                .addString(REALM, "realm").addString(NONCE, "nonce-value").addFingerprint().toByteArray();
        StunMessage m = StunMessage.parse(bytes);
        assertEquals(new ErrorCode(420, "Unknown Attribute"), m.errorCode());
        assertArrayEquals(new int[] {0x0031, 0x7777}, m.unknownAttributes());
        assertEquals("realm", m.realm());
        assertEquals("nonce-value", m.nonce());
        assertFalse(m.hasIntegrity());
    }

    @Test
    void unknownComprehensionRequiredAttributesAreReported() throws Exception {
        byte[] bytes = new StunMessageBuilder().reset(StunClass.REQUEST, StunMethod.BINDING, TransactionId.random())
                .add(0x0031, new byte[3]).add(0xC057, new byte[4]).addFingerprint().toByteArray();
        StunMessage m = StunMessage.parse(bytes);
        assertArrayEquals(new int[] {0x0031}, m.unknownComprehensionRequired());
    }

    @Test
    void attributesAfterIntegrityAreIgnored() throws Exception {
        byte[] bytes = new StunMessageBuilder().reset(StunClass.REQUEST, StunMethod.BINDING, TransactionId.random())
                .addUsername("u:v").addMessageIntegrity(KEY).toByteArray();
        // Append a SOFTWARE attribute after MESSAGE-INTEGRITY by hand, fixing the length.
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 8);
        longer[bytes.length] = (byte) 0x80;
        longer[bytes.length + 1] = 0x22;
        longer[bytes.length + 3] = 4;
        longer[3] = (byte) (longer.length - 20);
        StunMessage m = StunMessage.parse(longer);
        assertFalse(m.has(SOFTWARE));
        assertTrue(m.checkIntegrity(KEY), "integrity covers what precedes it only");
    }

    @Test
    void builderRefusesAttributesAfterFingerprint() {
        StunMessageBuilder b = new StunMessageBuilder().reset(StunClass.REQUEST, StunMethod.BINDING,
                TransactionId.random()).addFingerprint();
        assertThrows(IllegalStateException.class, () -> b.addUsername("x"));
        assertThrows(IllegalStateException.class, b::addFingerprint);
    }

    @Test
    void channelData() throws Exception {
        byte[] frame = new byte[4 + 8];
        assertEquals(12, ChannelData.writeHeader(frame, 0, 0x4001, 5));
        assertTrue(ChannelData.looksLikeChannelData(frame, 0, frame.length));
        assertEquals(0x4001, ChannelData.channel(frame, 0, frame.length));
        assertEquals(5, ChannelData.payloadLength(frame, 0));
        assertEquals(Reason.BAD_CHANNEL_DATA,
                assertThrows(StunException.class, () -> ChannelData.channel(frame, 0, 6)).reason());
        frame[0] = 0x50;
        assertThrows(StunException.class, () -> ChannelData.channel(frame, 0, frame.length));
    }

    // ---- malformed input: one case per reason ----

    private static byte[] valid() {
        return new StunMessageBuilder().reset(StunClass.REQUEST, StunMethod.BINDING, TransactionId.random(new Random(9)))
                .addUsername("abcd:efgh").addPriority(1234).addMessageIntegrity(KEY).addFingerprint().toByteArray();
    }

    private static Reason reasonOf(byte[] bytes) {
        return assertThrows(StunException.class, () -> StunMessage.parse(bytes)).reason();
    }

    private static byte[] withoutFingerprint(byte[] b) {
        byte[] c = Arrays.copyOf(b, b.length - 8);
        c[3] = (byte) (c[3] - 8);
        return c;
    }

    @Test
    void truncatedHeader() {
        assertEquals(Reason.TRUNCATED, reasonOf(Arrays.copyOf(valid(), 19)));
        assertEquals(Reason.TRUNCATED, reasonOf(new byte[0]));
    }

    @Test
    void notStun() {
        byte[] b = valid();
        b[0] = (byte) 0x80; // RTP
        assertEquals(Reason.NOT_STUN, reasonOf(b));
        byte[] c = valid();
        c[5] ^= 1; // magic cookie
        assertEquals(Reason.NOT_STUN, reasonOf(c));
    }

    @Test
    void lengthNotMultipleOfFour() {
        byte[] b = valid();
        b[3] += 1;
        assertEquals(Reason.BAD_PADDING, reasonOf(b));
    }

    @Test
    void lengthBeyondDatagram() {
        byte[] b = valid();
        assertEquals(Reason.TRUNCATED, reasonOf(Arrays.copyOf(b, b.length - 4)));
    }

    @Test
    void trailingBytes() {
        byte[] b = valid();
        assertEquals(Reason.BAD_LENGTH, reasonOf(Arrays.copyOf(b, b.length + 4)));
    }

    @Test
    void attributeOverrunningTheMessage() {
        byte[] b = withoutFingerprint(valid());
        b[20 + 3] = (byte) 0xF0; // USERNAME claims 240 bytes
        assertEquals(Reason.TRUNCATED, reasonOf(b));
    }

    @Test
    void attributeValueMustFitWithItsPadding() {
        // Header + one SOFTWARE attribute in an 8-byte body: 3 value bytes + 1 padding fit exactly...
        byte[] b = new byte[28];
        System.arraycopy(valid(), 0, b, 0, 20);
        b[2] = 0;
        b[3] = 8;
        b[20] = (byte) 0x80;
        b[21] = 0x22;
        b[23] = 3;
        assertDoesNotThrow(() -> StunMessage.parse(b));
        // ...5 value bytes do not (they would need 8 with padding).
        b[23] = 5;
        assertEquals(Reason.TRUNCATED, reasonOf(b));
    }

    @Test
    void badAddressFamily() {
        byte[] b = new StunMessageBuilder().reset(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, TransactionId.random())
                .add(XOR_MAPPED_ADDRESS, new byte[] {0, 3, 0, 1, 1, 2, 3, 4}).toByteArray();
        assertEquals(Reason.BAD_ATTRIBUTE, reasonOf(b));
        byte[] c = new StunMessageBuilder().reset(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, TransactionId.random())
                .add(XOR_MAPPED_ADDRESS, new byte[] {0, 2, 0, 1, 1, 2, 3, 4}).toByteArray(); // IPv6 with 4 bytes
        assertEquals(Reason.BAD_ATTRIBUTE, reasonOf(c));
    }

    @Test
    void badErrorClass() {
        byte[] b = new StunMessageBuilder().reset(StunClass.ERROR_RESPONSE, StunMethod.BINDING, TransactionId.random())
                .add(ERROR_CODE, new byte[] {0, 0, 7, 0}).toByteArray();
        assertEquals(Reason.BAD_ATTRIBUTE, reasonOf(b));
        byte[] c = new StunMessageBuilder().reset(StunClass.ERROR_RESPONSE, StunMethod.BINDING, TransactionId.random())
                .add(ERROR_CODE, new byte[] {0, 0, 4, 100}).toByteArray();
        assertEquals(Reason.BAD_ATTRIBUTE, reasonOf(c));
    }

    @Test
    void wrongFixedLengths() {
        byte[] b = new StunMessageBuilder().reset(StunClass.REQUEST, StunMethod.BINDING, TransactionId.random())
                .add(PRIORITY, new byte[8]).toByteArray();
        assertEquals(Reason.BAD_LENGTH, reasonOf(b));
        byte[] c = new StunMessageBuilder().reset(StunClass.REQUEST, StunMethod.BINDING, TransactionId.random())
                .add(MESSAGE_INTEGRITY, new byte[16]).toByteArray();
        assertEquals(Reason.BAD_LENGTH, reasonOf(c));
        byte[] d = new StunMessageBuilder().reset(StunClass.REQUEST, StunMethod.BINDING, TransactionId.random())
                .add(USERNAME, new byte[600]).toByteArray();
        assertEquals(Reason.BAD_LENGTH, reasonOf(d));
    }

    @Test
    void attributeAfterFingerprint() {
        byte[] b = valid();
        byte[] c = Arrays.copyOf(b, b.length + 8);
        c[b.length] = (byte) 0x80;
        c[b.length + 1] = 0x22;
        c[b.length + 3] = 4;
        c[3] = (byte) (c.length - 20);
        assertEquals(Reason.BAD_FINGERPRINT, reasonOf(c));
    }

    @Test
    void wrongFingerprint() {
        byte[] b = valid();
        b[b.length - 1] ^= 1;
        assertEquals(Reason.BAD_FINGERPRINT, reasonOf(b));
        byte[] c = valid();
        c[24] ^= 1; // any change to the body breaks the CRC
        assertEquals(Reason.BAD_FINGERPRINT, reasonOf(c));
    }

    @Test
    void tooManyAttributes() {
        StunMessageBuilder b = new StunMessageBuilder().reset(StunClass.REQUEST, StunMethod.BINDING,
                TransactionId.random());
        for (int i = 0; i < StunMessage.MAX_ATTRIBUTES + 1; i++) {
            b.addFlag(0x8100);
        }
        assertEquals(Reason.TOO_MANY_ATTRIBUTES, reasonOf(b.toByteArray()));
        StunMessageBuilder ok = new StunMessageBuilder().reset(StunClass.REQUEST, StunMethod.BINDING,
                TransactionId.random());
        for (int i = 0; i < StunMessage.MAX_ATTRIBUTES; i++) {
            ok.addFlag(0x8100);
        }
        assertDoesNotThrow(() -> StunMessage.parse(ok.toByteArray()));
    }

    @Test
    void badIntegrity() throws Exception {
        StunMessage m = StunMessage.parse(valid());
        assertEquals(Reason.BAD_INTEGRITY, assertThrows(StunException.class,
                () -> m.requireIntegrity(StunCredentials.shortTermKey("wrong-password-22-chars"))).reason());
        m.requireIntegrity(KEY);
        StunMessage none = StunMessage.parse(new StunMessageBuilder().reset(StunClass.REQUEST, StunMethod.BINDING,
                TransactionId.random()).addUsername("u").toByteArray());
        assertEquals(Reason.BAD_INTEGRITY, assertThrows(StunException.class, () -> none.requireIntegrity(KEY)).reason());
    }
}
