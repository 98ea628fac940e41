package dev.robusta.ice.stun;

import static dev.robusta.ice.stun.StunAttributes.*;
import static dev.robusta.ice.stun.StunBytes.addr;
import static dev.robusta.ice.stun.StunBytes.hex;
import static dev.robusta.ice.stun.StunBytes.u16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every attribute the builder writes, parsed back; and the builder's own rules. */
class StunRoundTripTest {
    private static final byte[] KEY = StunCredentials.shortTermKey("a-password-of-22-chars");
    private static final byte[] OTHER_KEY = StunCredentials.shortTermKey("another-password-22chr");
    private static final TransactionId TX = TransactionId.of(hex("0102030405060708090a0b0c"));
    private static final InetSocketAddress V4 = addr("192.0.2.77", 40000);
    private static final InetSocketAddress V6 = addr("2001:db8::42", 40001);

    private static StunMessageBuilder builder(StunClass cls, int method) {
        return new StunMessageBuilder().reset(cls, method, TX);
    }

    private static StunMessage parse(StunMessageBuilder b) throws StunException {
        return StunMessage.parse(b.toByteArray());
    }

    // ---- ICE ----

    @Test
    void iceControllingCheck() throws StunException {
        StunMessage m = parse(builder(StunClass.REQUEST, StunMethod.BINDING)
                .addUsername("remote:local").addPriority(0xFFFF_FFFFL).addIceControlling(0x8000_0000_0000_0001L)
                .addUseCandidate().addMessageIntegrity(KEY).addFingerprint());
        assertEquals(TX, m.transactionId());
        assertTrue(m.hasTransactionId(TX));
        assertFalse(m.hasTransactionId(TransactionId.of(new byte[12])));
        assertEquals("remote:local", m.username());
        assertEquals(0xFFFF_FFFFL, m.priority(), "PRIORITY is unsigned");
        assertEquals(0x8000_0000_0000_0001L, m.uint64(ICE_CONTROLLING, 0));
        assertEquals(-7, m.uint64(ICE_CONTROLLED, -7), "absent");
        assertTrue(m.has(USE_CANDIDATE));
        assertEquals(0, m.attributeValueLength(m.indexOf(USE_CANDIDATE)));
        assertTrue(m.hasIntegrity());
        assertTrue(m.checkIntegrity(KEY));
        assertFalse(m.checkIntegrity(OTHER_KEY));
        assertTrue(m.hasFingerprint());
        assertEquals(0, m.unknownComprehensionRequired().length);
        assertEquals("Binding REQUEST tx=0102030405060708090a0b0c [USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE, "
                + "MESSAGE-INTEGRITY, FINGERPRINT]", m.toString());
    }

    @Test
    void iceControlledCheckWithSoftware() throws StunException {
        StunMessage m = parse(builder(StunClass.REQUEST, StunMethod.BINDING)
                .addSoftware("robusta 0.1").addIceControlled(42).addPriority(1).addMessageIntegrity(KEY));
        assertEquals("robusta 0.1", m.software());
        assertEquals(42, m.uint64(ICE_CONTROLLED, 0));
        assertFalse(m.has(ICE_CONTROLLING));
        assertFalse(m.has(USE_CANDIDATE));
        assertFalse(m.hasFingerprint());
        assertTrue(m.checkIntegrity(KEY));
    }

    @Test
    void successResponseCopiesMethodAndTransaction() throws StunException {
        StunMessage request = parse(builder(StunClass.REQUEST, StunMethod.BINDING).addFingerprint());
        for (InetSocketAddress mapped : List.of(V4, V6)) {
            StunMessage m = StunMessage.parse(new StunMessageBuilder().resetAsResponse(request, true)
                    .addXorMappedAddress(mapped).addMessageIntegrity(KEY).addFingerprint().toByteArray());
            assertTrue(m.is(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING));
            assertEquals(TX, m.transactionId());
            assertEquals(mapped, m.xorMappedAddress());
            assertEquals(List.of(mapped), m.addresses(XOR_MAPPED_ADDRESS));
            assertTrue(m.checkIntegrity(KEY));
        }
    }

    @Test
    void xorAddressesAreXoredOnTheWireAndPlainOnesAreNot() throws StunException {
        byte[] b = builder(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING)
                .addXorMappedAddress(addr("192.0.2.1", 32853)).addAddress(MAPPED_ADDRESS, addr("192.0.2.1", 32853))
                .toByteArray();
        // XOR-MAPPED-ADDRESS: family 1, port ^ 0x2112, address ^ magic cookie (RFC 8489 section 14.2).
        assertArrayEquals(hex("00200008 0001a147 e112a643"), Arrays.copyOfRange(b, 20, 32));
        assertArrayEquals(hex("00010008 00018055 c0000201"), Arrays.copyOfRange(b, 32, 44));
        // IPv6: the address is XORed with the cookie and then the transaction ID.
        byte[] v6 = builder(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING)
                .addXorMappedAddress(addr("::", 0x2112)).toByteArray();
        assertArrayEquals(hex("00200014 00020000 2112a442 01020304 05060708 090a0b0c"), Arrays.copyOfRange(v6, 20, 44));
    }

    @Test
    void errorResponseWithCodeReasonAndUnknownAttributes() throws StunException {
        StunMessage request = parse(builder(StunClass.REQUEST, StunMethod.ALLOCATE));
        StunMessage m = StunMessage.parse(new StunMessageBuilder().resetAsResponse(request, false)
                .addErrorCode(new ErrorCode(420, "Unbekanntes Attribut: \u00DC"))
                .addUnknownAttributes(0x0031, 0x7777, 0x0042) // 6 bytes: 2 bytes of padding follow
                .addString(REALM, "realm").addString(NONCE, "nonce-value").addFingerprint().toByteArray());
        assertTrue(m.is(StunClass.ERROR_RESPONSE, StunMethod.ALLOCATE));
        assertEquals(new ErrorCode(420, "Unbekanntes Attribut: \u00DC"), m.errorCode());
        assertArrayEquals(new int[] {0x0031, 0x7777, 0x0042}, m.unknownAttributes());
        assertEquals("realm", m.realm());
        assertEquals("nonce-value", m.nonce());
        assertFalse(m.hasIntegrity());
        assertTrue(m.hasFingerprint());
    }

    @Test
    void errorCodeClassAndNumberOnTheWire() throws StunException {
        for (int code : new int[] {300, 401, 438, 487, 500, 699}) {
            byte[] b = builder(StunClass.ERROR_RESPONSE, StunMethod.BINDING).addErrorCode(ErrorCode.of(code))
                    .toByteArray();
            assertEquals(code / 100, b[26], "class");
            assertEquals(code % 100, b[27], "number");
            assertEquals(code, StunMessage.parse(b).errorCode().code());
            assertEquals(ErrorCode.defaultReason(code), StunMessage.parse(b).errorCode().reason());
        }
        assertEquals("Role Conflict", ErrorCode.of(ErrorCode.ROLE_CONFLICT).reason());
        assertEquals("487 Role Conflict", ErrorCode.of(487).toString());
        assertEquals("", new ErrorCode(400, null).reason());
        assertThrows(IllegalArgumentException.class, () -> new ErrorCode(299, "x"));
        assertThrows(IllegalArgumentException.class, () -> new ErrorCode(700, "x"));
    }

    @Test
    void emptyUnknownAttributes() throws StunException {
        StunMessage m = parse(builder(StunClass.ERROR_RESPONSE, StunMethod.BINDING)
                .addErrorCode(ErrorCode.of(420)).addUnknownAttributes());
        assertArrayEquals(new int[0], m.unknownAttributes());
        assertTrue(m.has(UNKNOWN_ATTRIBUTES));
    }

    // ---- TURN ----

    @Test
    void allocateRequestAttributes() throws StunException {
        byte[] b = builder(StunClass.REQUEST, StunMethod.ALLOCATE).addRequestedTransport(17)
                .addRequestedAddressFamily(2).addLifetime(0xFFFF_FFFFL).addFlag(DONT_FRAGMENT)
                .add(EVEN_PORT, new byte[] {(byte) 0x80}).addUint64(RESERVATION_TOKEN, 0x0123_4567_89AB_CDEFL)
                .toByteArray();
        StunMessage m = StunMessage.parse(b);
        // REQUESTED-TRANSPORT: protocol in the first byte, then RFFU (RFC 8656 section 18.7).
        assertArrayEquals(hex("11000000"), m.bytes(REQUESTED_TRANSPORT));
        assertEquals(17L << 24, m.uint32(REQUESTED_TRANSPORT, -1));
        assertArrayEquals(hex("02000000"), m.bytes(REQUESTED_ADDRESS_FAMILY));
        assertEquals(0xFFFF_FFFFL, m.lifetimeSeconds());
        assertTrue(m.has(DONT_FRAGMENT));
        assertArrayEquals(new byte[] {(byte) 0x80}, m.bytes(EVEN_PORT));
        assertEquals(0x0123_4567_89AB_CDEFL, m.uint64(RESERVATION_TOKEN, -1));
    }

    @Test
    void allocateSuccessWithRelayedMappedAndLifetime() throws StunException {
        for (InetSocketAddress relayed : List.of(addr("198.51.100.9", 50000), addr("2001:db8:ffff::9", 50001))) {
            StunMessage m = parse(builder(StunClass.SUCCESS_RESPONSE, StunMethod.ALLOCATE)
                    .addAddress(XOR_RELAYED_ADDRESS, relayed).addXorMappedAddress(V4).addLifetime(600)
                    .addMessageIntegrity(KEY).addFingerprint());
            assertEquals(relayed, m.address(XOR_RELAYED_ADDRESS));
            assertEquals(V4, m.xorMappedAddress());
            assertEquals(600, m.lifetimeSeconds());
            assertTrue(m.checkIntegrity(KEY));
        }
    }

    @Test
    void createPermissionCarriesSeveralPeers() throws StunException {
        InetSocketAddress v4b = addr("203.0.113.5", 1);
        StunMessage m = parse(builder(StunClass.REQUEST, StunMethod.CREATE_PERMISSION)
                .addAddress(XOR_PEER_ADDRESS, V4).addAddress(XOR_PEER_ADDRESS, V6).addAddress(XOR_PEER_ADDRESS, v4b));
        assertEquals(List.of(V4, V6, v4b), m.addresses(XOR_PEER_ADDRESS));
        assertEquals(V4, m.address(XOR_PEER_ADDRESS), "the first one");
        assertEquals(List.of(), m.addresses(XOR_RELAYED_ADDRESS));
    }

    @Test
    void channelBindRequest() throws StunException {
        byte[] b = builder(StunClass.REQUEST, StunMethod.CHANNEL_BIND).addChannelNumber(0x4FFF)
                .addAddress(XOR_PEER_ADDRESS, V6).toByteArray();
        StunMessage m = StunMessage.parse(b);
        assertEquals(0x4FFF, m.channelNumber());
        assertArrayEquals(hex("4fff0000"), m.bytes(CHANNEL_NUMBER), "number then RFFU");
        assertEquals(V6, m.address(XOR_PEER_ADDRESS));
    }

    @Test
    void dataOfEveryPaddingLengthIsViewedWithoutACopy() throws StunException {
        Random random = new Random(11);
        for (int length = 0; length <= 9; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            byte[] b = builder(StunClass.INDICATION, StunMethod.SEND).addAddress(XOR_PEER_ADDRESS, V4)
                    .add(DATA, data).addFingerprint().toByteArray();
            assertEquals(0, b.length % 4);
            StunMessage m = StunMessage.parse(b);
            assertTrue(m.is(StunClass.INDICATION, StunMethod.SEND));
            assertArrayEquals(data, m.bytes(DATA));
            assertEquals(length, m.dataLength());
            assertTrue(m.array() == b, "the message is a view over the datagram");
            assertArrayEquals(data, Arrays.copyOfRange(b, m.dataOffset(), m.dataOffset() + m.dataLength()));
        }
    }

    @Test
    void largeDataGrowsTheBuilder() throws StunException {
        byte[] data = new byte[1400];
        new Random(12).nextBytes(data);
        StunMessage m = parse(builder(StunClass.INDICATION, StunMethod.DATA).addAddress(XOR_PEER_ADDRESS, V6)
                .add(DATA, data).addFingerprint());
        assertArrayEquals(data, m.bytes(DATA));
        assertEquals(V6, m.address(XOR_PEER_ADDRESS));
    }

    @Test
    void alternateServerIsAPlainAddress() throws StunException {
        StunMessage m = parse(builder(StunClass.ERROR_RESPONSE, StunMethod.ALLOCATE)
                .addErrorCode(ErrorCode.of(ErrorCode.TRY_ALTERNATE)).addAddress(ALTERNATE_SERVER, V6));
        assertEquals(V6, m.address(ALTERNATE_SERVER));
        assertEquals(300, m.errorCode().code());
    }

    // ---- integrity ----

    @Test
    void integritySha256Alone() throws StunException {
        StunMessage m = parse(builder(StunClass.REQUEST, StunMethod.BINDING).addUsername("u")
                .addMessageIntegritySha256(KEY).addFingerprint());
        assertEquals(32, m.attributeValueLength(m.indexOf(MESSAGE_INTEGRITY_SHA256)));
        assertFalse(m.has(MESSAGE_INTEGRITY));
        assertTrue(m.hasIntegrity());
        assertTrue(m.checkIntegrity(KEY));
        assertFalse(m.checkIntegrity(OTHER_KEY));
    }

    @Test
    void withBothIntegrityAttributesTheSha256OneDecides() throws StunException {
        // RFC 8489 section 14.6: an agent that knows MESSAGE-INTEGRITY-SHA256 checks it and not the SHA-1 one.
        StunMessage m = parse(builder(StunClass.REQUEST, StunMethod.BINDING).addUsername("u")
                .addMessageIntegrity(OTHER_KEY).addMessageIntegritySha256(KEY).addFingerprint());
        assertTrue(m.checkIntegrity(KEY));
        assertFalse(m.checkIntegrity(OTHER_KEY));
    }

    @Test
    void truncatedSha256IntegrityVerifies() throws Exception {
        // RFC 8489 section 14.6 allows MESSAGE-INTEGRITY-SHA256 truncated to 16..32 bytes. Build one by hand, its
        // HMAC computed with the JDK's own Mac over the message up to the attribute (length field already final).
        byte[] head = builder(StunClass.REQUEST, StunMethod.BINDING).addUsername("u").toByteArray();
        byte[] truncated = StunBytes.appendAttribute(head, MESSAGE_INTEGRITY_SHA256, new byte[16]);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
        mac.update(truncated, 0, head.length);
        System.arraycopy(mac.doFinal(), 0, truncated, head.length + 4, 16);
        StunMessage m = StunMessage.parse(truncated);
        assertTrue(m.checkIntegrity(KEY));
        assertFalse(m.checkIntegrity(OTHER_KEY));
    }

    @Test
    void attributesAfterIntegrityAreIgnoredButFingerprintStillCounts() throws StunException {
        byte[] b = builder(StunClass.REQUEST, StunMethod.BINDING).addUsername("u:v").addMessageIntegrity(KEY)
                .toByteArray();
        byte[] longer = StunBytes.appendAttribute(b, SOFTWARE, "late".getBytes(StandardCharsets.UTF_8));
        StunMessage m = StunMessage.parse(longer);
        assertFalse(m.has(SOFTWARE), "RFC 8489 section 14.5: attributes after MESSAGE-INTEGRITY are ignored");
        assertEquals(2, m.attributeCount());
        assertTrue(m.checkIntegrity(KEY), "integrity covers what precedes it only");
    }

    @Test
    void unknownComprehensionRequiredAttributesAreReported() throws StunException {
        StunMessage m = parse(builder(StunClass.REQUEST, StunMethod.BINDING)
                .add(0x0031, new byte[3]).add(0xC057, new byte[4]).add(0x7FFF, new byte[0]).addFingerprint());
        assertArrayEquals(new int[] {0x0031, 0x7FFF}, m.unknownComprehensionRequired());
        assertEquals("Binding REQUEST tx=0102030405060708090a0b0c [0x0031, 0xC057, 0x7FFF, FINGERPRINT]", m.toString());
    }

    @Test
    void absentAttributesGiveTheirDefaults() throws StunException {
        StunMessage m = parse(builder(StunClass.REQUEST, StunMethod.BINDING));
        assertEquals(0, m.attributeCount());
        assertEquals(-1, m.indexOf(USERNAME));
        assertNull(m.username());
        assertNull(m.realm());
        assertNull(m.nonce());
        assertNull(m.software());
        assertNull(m.bytes(DATA));
        assertNull(m.errorCode());
        assertNull(m.xorMappedAddress());
        assertEquals(List.of(), m.addresses(XOR_PEER_ADDRESS));
        assertArrayEquals(new int[0], m.unknownAttributes());
        assertEquals(-1, m.priority());
        assertEquals(-1, m.lifetimeSeconds());
        assertEquals(-1, m.channelNumber());
        assertEquals(-1, m.dataOffset());
        assertEquals(-1, m.dataLength());
        assertFalse(m.hasIntegrity());
        assertFalse(m.checkIntegrity(KEY));
        assertFalse(m.hasFingerprint());
    }

    // ---- where the bytes live ----

    @Test
    void parsesAMessageInsideALargerArray() throws StunException {
        byte[] message = builder(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING).addXorMappedAddress(V6)
                .addMessageIntegrity(KEY).addFingerprint().toByteArray();
        byte[] datagram = new byte[message.length + 13];
        Arrays.fill(datagram, (byte) 0xA5);
        System.arraycopy(message, 0, datagram, 7, message.length);
        StunMessage m = StunMessage.parse(datagram, 7, message.length);
        assertEquals(7, m.offset());
        assertEquals(message.length, m.length());
        assertEquals(TX, m.transactionId());
        assertTrue(m.hasTransactionId(TX));
        assertEquals(V6, m.xorMappedAddress(), "XOR key taken relative to the message start");
        assertTrue(m.checkIntegrity(KEY));
        assertTrue(StunMessage.looksLikeStun(datagram, 7, message.length));
        assertFalse(StunMessage.looksLikeStun(datagram, 7, message.length + 1));
    }

    @Test
    void parsesHeapAndDirectBuffers() throws StunException {
        byte[] message = builder(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING).addXorMappedAddress(V4)
                .addMessageIntegrity(KEY).addFingerprint().toByteArray();
        ByteBuffer heap = ByteBuffer.allocate(message.length + 9);
        heap.position(5);
        heap.put(message);
        heap.position(5).limit(5 + message.length);
        ByteBuffer slice = heap.slice(); // arrayOffset 5, position 0
        ByteBuffer direct = ByteBuffer.allocateDirect(message.length + 3);
        direct.position(3);
        direct.put(message).flip().position(3);
        for (ByteBuffer buffer : List.of(heap, slice, direct)) {
            assertTrue(StunMessage.looksLikeStun(buffer), buffer.toString());
            int position = buffer.position();
            StunMessage m = StunMessage.parse(buffer);
            assertEquals(position, buffer.position(), "parse does not consume the buffer");
            assertEquals(V4, m.xorMappedAddress());
            assertTrue(m.checkIntegrity(KEY));
        }
    }

    @Test
    void looksLikeStunRefusesOtherProtocols() {
        byte[] stun = builder(StunClass.REQUEST, StunMethod.BINDING).addFingerprint().toByteArray();
        assertTrue(StunMessage.looksLikeStun(stun, 0, stun.length));
        byte[] rtp = stun.clone();
        rtp[0] = (byte) 0x80;
        byte[] channelData = stun.clone();
        channelData[0] = 0x40;
        byte[] noCookie = stun.clone();
        noCookie[4] = 0;
        for (byte[] b : List.of(rtp, channelData, noCookie, Arrays.copyOf(stun, 19), Arrays.copyOf(stun, 24))) {
            assertFalse(StunMessage.looksLikeStun(b, 0, b.length));
            assertFalse(StunMessage.looksLikeStun(ByteBuffer.wrap(b)));
        }
    }

    // ---- the builder ----

    @Test
    void reusedBuilderWritesTheSameBytesAsANewOne() {
        StunMessageBuilder reused = new StunMessageBuilder();
        reused.reset(StunClass.INDICATION, StunMethod.DATA, TransactionId.random(new Random(5)))
                .add(DATA, new byte[2000]).addFingerprint();
        byte[] second = reused.reset(StunClass.REQUEST, StunMethod.BINDING, TX).addUsername("a:b").addPriority(7)
                .addMessageIntegrity(KEY).addFingerprint().toByteArray();
        byte[] fresh = builder(StunClass.REQUEST, StunMethod.BINDING).addUsername("a:b").addPriority(7)
                .addMessageIntegrity(KEY).addFingerprint().toByteArray();
        assertArrayEquals(fresh, second);
        assertEquals(fresh.length, reused.length());
        assertArrayEquals(fresh, Arrays.copyOf(reused.array(), reused.length()));
        byte[] target = new byte[fresh.length + 4];
        assertEquals(fresh.length, reused.writeTo(target, 4));
        assertArrayEquals(fresh, Arrays.copyOfRange(target, 4, target.length));
    }

    @Test
    void paddingIsZeroByDefaultAndConfigurable() {
        byte[] zero = builder(StunClass.REQUEST, StunMethod.BINDING).addUsername("abcde").toByteArray();
        assertArrayEquals(hex("00060005 6162636465 000000"), Arrays.copyOfRange(zero, 20, zero.length));
        StunMessageBuilder spaces = new StunMessageBuilder().paddingByte(0x20);
        spaces.reset(StunClass.REQUEST, StunMethod.BINDING, TX).addUsername("x");
        byte[] b = spaces.reset(StunClass.REQUEST, StunMethod.BINDING, TX).addUsername("abcde").toByteArray();
        assertArrayEquals(hex("00060005 6162636465 202020"), Arrays.copyOfRange(b, 20, b.length),
                "the padding byte survives reset");
    }

    @Test
    void integrityAndFingerprintCloseTheMessageInOrder() {
        assertThrows(IllegalStateException.class,
                () -> builder(StunClass.REQUEST, StunMethod.BINDING).addMessageIntegrity(KEY).addUsername("x"));
        assertThrows(IllegalStateException.class,
                () -> builder(StunClass.REQUEST, StunMethod.BINDING).addMessageIntegrity(KEY).addMessageIntegrity(KEY));
        assertThrows(IllegalStateException.class, () -> builder(StunClass.REQUEST, StunMethod.BINDING)
                .addMessageIntegritySha256(KEY).addMessageIntegrity(KEY));
        assertThrows(IllegalStateException.class, () -> builder(StunClass.REQUEST, StunMethod.BINDING)
                .addFingerprint().addMessageIntegritySha256(KEY));
        assertThrows(IllegalStateException.class,
                () -> builder(StunClass.REQUEST, StunMethod.BINDING).addFingerprint().addFingerprint());
        assertThrows(IllegalStateException.class,
                () -> builder(StunClass.REQUEST, StunMethod.BINDING).addFingerprint().addUsername("x"));
        // reset re-opens the message.
        StunMessageBuilder b = builder(StunClass.REQUEST, StunMethod.BINDING).addFingerprint();
        b.reset(StunClass.REQUEST, StunMethod.BINDING, TX).addUsername("x").addFingerprint();
        assertEquals(20 + 8 + 8, b.length());
    }

    @Test
    void builderRefusesWhatCannotBeEncoded() {
        StunMessageBuilder b = builder(StunClass.REQUEST, StunMethod.BINDING);
        assertThrows(IllegalArgumentException.class,
                () -> b.addAddress(XOR_PEER_ADDRESS, InetSocketAddress.createUnresolved("example.org", 1)));
        assertThrows(IllegalArgumentException.class, () -> b.add(DATA, new byte[0x10000]));
        assertThrows(IllegalStateException.class, () -> {
            for (int i = 0; i < 100; i++) {
                b.add(DATA, new byte[0x8000]); // the message outgrows its 16-bit length field
            }
        });
    }

    @Test
    void ipv4MappedAddressIsWrittenAsIpv4() throws StunException {
        StunMessage m = parse(builder(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING)
                .addXorMappedAddress(addr("::ffff:192.0.2.3", 9)));
        // Java folds an IPv4-mapped IPv6 literal into an IPv4 address; the codec then writes family 1.
        assertEquals(addr("192.0.2.3", 9), m.xorMappedAddress());
        assertEquals(1, m.array()[m.attributeValueOffset(0) + 1]);
        assertEquals(8, u16(m.array(), m.attributeValueOffset(0) - 2));
    }

    @Test
    void reusedBuilderWritesEachPeersAddress() throws StunException {
        // The builder keeps the last address's bytes; a different (or equal but distinct) address must not reuse
        // stale ones.
        StunMessageBuilder b = new StunMessageBuilder();
        for (InetSocketAddress peer : List.of(V4, V6, addr("192.0.2.78", 1), addr("192.0.2.77", 2), V4,
                addr("2001:db8::43", 3), addr("2001:db8::42", 4))) {
            StunMessage m = StunMessage.parse(b.reset(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, TX)
                    .addXorMappedAddress(peer).addAddress(MAPPED_ADDRESS, peer).toByteArray());
            assertEquals(peer, m.xorMappedAddress());
            assertEquals(peer, m.address(MAPPED_ADDRESS));
        }
    }

    @Test
    void nonAsciiStringsAreWrittenAsUtf8() throws StunException {
        StunMessage m = parse(builder(StunClass.REQUEST, StunMethod.BINDING)
                .addUsername("\u30DE\u30C8:\u00E9\uD83D\uDE00").addSoftware("plain"));
        assertEquals("\u30DE\u30C8:\u00E9\uD83D\uDE00", m.username());
        assertEquals(3 + 3 + 1 + 2 + 4, m.attributeValueLength(m.indexOf(USERNAME)));
        assertEquals("plain", m.software());
    }

    // ---- transaction IDs ----

    @Test
    void transactionIds() {
        byte[] twelve = hex("0102030405060708090a0b0c");
        TransactionId a = TransactionId.of(twelve);
        twelve[0] = 9;
        assertEquals(TX, a, "of() copies its input");
        assertEquals(TX.hashCode(), a.hashCode());
        assertEquals("0102030405060708090a0b0c", a.toString());
        assertNotEquals(TX, TransactionId.of(new byte[12]));
        assertThrows(IllegalArgumentException.class, () -> TransactionId.of(new byte[11]));
        assertEquals(TransactionId.random(new Random(3)), TransactionId.random(new Random(3)));
        assertNotEquals(TransactionId.random(), TransactionId.random());
        byte[] copy = a.toByteArray();
        copy[1] = 0;
        assertEquals(TX, a, "toByteArray() returns a copy");
        byte[] target = new byte[14];
        a.copyTo(target, 2);
        assertTrue(a.matches(target, 2));
        assertFalse(a.matches(target, 1));
    }
}
