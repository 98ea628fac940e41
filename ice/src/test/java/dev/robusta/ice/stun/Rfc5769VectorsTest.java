package dev.robusta.ice.stun;

import static dev.robusta.ice.stun.StunAttributes.ICE_CONTROLLED;
import static dev.robusta.ice.stun.StunAttributes.MESSAGE_INTEGRITY;
import static dev.robusta.ice.stun.StunAttributes.NONCE;
import static dev.robusta.ice.stun.StunAttributes.PRIORITY;
import static dev.robusta.ice.stun.StunAttributes.REALM;
import static dev.robusta.ice.stun.StunAttributes.SOFTWARE;
import static dev.robusta.ice.stun.StunAttributes.USERNAME;
import static dev.robusta.ice.stun.StunAttributes.XOR_MAPPED_ADDRESS;
import static dev.robusta.ice.stun.StunBytes.addr;
import static dev.robusta.ice.stun.StunBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.stun.StunException.Reason;
import java.net.InetSocketAddress;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * RFC 5769's test vectors, parsed (every attribute, integrity with the right and a wrong key, fingerprint) and
 * re-encoded byte for byte. The hex is laid out as in the RFC, one 32-bit word per group.
 */
class Rfc5769VectorsTest {
    static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";
    static final byte[] TX = hex("b7e7a701 bc34d686 fa87dfae");

    /** Section 2.1: sample request (short-term credentials; the USERNAME padding bytes are spaces). */
    static final byte[] REQUEST = hex("""
            00010058 2112a442 b7e7a701 bc34d686 fa87dfae
            80220010 5354554e 20746573 7420636c 69656e74
            00240004 6e0001ff
            80290008 932ff9b1 51263b36
            00060009 6576746a 3a683676 59202020
            00080014 9aeaa70c bfd8cb56 781ef2b5 b2d3f249 c1b571a2
            80280004 e57a3bcf""");

    /** Section 2.2: sample IPv4 response (the SOFTWARE padding byte is a space). */
    static final byte[] RESPONSE_V4 = hex("""
            0101003c 2112a442 b7e7a701 bc34d686 fa87dfae
            8022000b 74657374 20766563 746f7220
            00200008 0001a147 e112a643
            00080014 2b91f599 fd9e90c3 8c7489f9 2af9ba53 f06be7d7
            80280004 c07d4c96""");

    /** Section 2.3: sample IPv6 response. */
    static final byte[] RESPONSE_V6 = hex("""
            01010048 2112a442 b7e7a701 bc34d686 fa87dfae
            8022000b 74657374 20766563 746f7220
            00200014 0002a147 0113a9fa a5d3f179 bc25f4b5 bed2b9d9
            00080014 a382954e 4be67bf1 1784c97c 8292c275 bfe3ed41
            80280004 c8fb0b4c""");

    /** Section 2.4: sample request with long-term authentication (zero padding, no FINGERPRINT). */
    static final byte[] REQUEST_LONG_TERM = hex("""
            00010060 2112a442 78ad3433 c6ad72c0 29da412e
            00060012 e3839ee3 8388e383 aae38383 e382afe3 82b90000
            0015001c 662f2f34 39396b39 35346436 4f4c3334 6f4c3946 53547679 36347341
            0014000b 6578616d 706c652e 6f726700
            00080014 f6702465 6dd64a3e 02b8e071 2e85c9a2 8ca89666""");

    static final byte[] LONG_TERM_TX = hex("78ad3433 c6ad72c0 29da412e");
    /** "マトリックス" (MATORIKKUSU); SASLprep leaves it unchanged. */
    static final String LONG_TERM_USERNAME = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
    /** The password as the RFC gives it, before SASLprep: soft hyphen, feminine ordinal, roman numeral nine. */
    static final String LONG_TERM_PASSWORD = "The\u00ADM\u00AAtr\u2168";
    static final String REALM_VALUE = "example.org";
    static final String NONCE_VALUE = "f//499k954d6OL34oL9FSTvy64sA";

    private static final byte[] SHORT_TERM_KEY = StunCredentials.shortTermKey(PASSWORD);
    private static final InetSocketAddress MAPPED_V4 = addr("192.0.2.1", 32853);
    private static final InetSocketAddress MAPPED_V6 = addr("2001:db8:1234:5678:11:2233:4455:6677", 32853);

    private static int[] attributeTypes(StunMessage m) {
        return IntStream.range(0, m.attributeCount()).map(m::attributeType).toArray();
    }

    // ---- 2.1 ----

    @Test
    void sampleRequestParses() throws StunException {
        StunMessage m = StunMessage.parse(REQUEST);
        assertEquals(0x0001, m.messageType());
        assertEquals(StunClass.REQUEST, m.messageClass());
        assertEquals(StunMethod.BINDING, m.method());
        assertArrayEquals(TX, m.transactionId().toByteArray());
        assertArrayEquals(new int[] {SOFTWARE, PRIORITY, ICE_CONTROLLED, USERNAME, MESSAGE_INTEGRITY},
                attributeTypes(m));
        assertEquals("STUN test client", m.software());
        assertEquals(0x6e0001ffL, m.priority());
        assertEquals(0x932ff9b151263b36L, m.uint64(ICE_CONTROLLED, 0));
        assertEquals("evtj:h6vY", m.username(), "the three padding spaces are not part of the value");
        assertArrayEquals(hex("9aeaa70c bfd8cb56 781ef2b5 b2d3f249 c1b571a2"), m.bytes(MESSAGE_INTEGRITY));
        assertTrue(m.hasFingerprint());
        assertTrue(m.checkIntegrity(SHORT_TERM_KEY));
        assertFalse(m.checkIntegrity(StunCredentials.shortTermKey(PASSWORD.toLowerCase())));
        assertFalse(m.checkIntegrity(StunCredentials.shortTermKey("")));
        assertEquals(0, m.unknownComprehensionRequired().length);
    }

    @Test
    void sampleRequestEncodesByteForByte() {
        byte[] built = new StunMessageBuilder().paddingByte(0x20)
                .reset(StunClass.REQUEST, StunMethod.BINDING, TransactionId.of(TX))
                .addSoftware("STUN test client")
                .addPriority(0x6e0001ffL)
                .addIceControlled(0x932ff9b151263b36L)
                .addUsername("evtj:h6vY")
                .addMessageIntegrity(SHORT_TERM_KEY)
                .addFingerprint()
                .toByteArray();
        assertArrayEquals(REQUEST, built);
    }

    // ---- 2.2 ----

    @Test
    void ipv4ResponseParses() throws StunException {
        StunMessage m = StunMessage.parse(RESPONSE_V4);
        assertEquals(0x0101, m.messageType());
        assertTrue(m.is(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING));
        assertArrayEquals(TX, m.transactionId().toByteArray());
        assertArrayEquals(new int[] {SOFTWARE, XOR_MAPPED_ADDRESS, MESSAGE_INTEGRITY}, attributeTypes(m));
        assertEquals("test vector", m.software());
        assertEquals(MAPPED_V4, m.xorMappedAddress());
        assertTrue(m.hasFingerprint());
        assertTrue(m.checkIntegrity(SHORT_TERM_KEY));
        assertFalse(m.checkIntegrity(StunCredentials.shortTermKey("VOkJxbRl1RmTxUk/WvJxBT")));
    }

    @Test
    void ipv4ResponseEncodesByteForByte() {
        byte[] built = new StunMessageBuilder().paddingByte(0x20)
                .reset(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, TransactionId.of(TX))
                .addSoftware("test vector")
                .addXorMappedAddress(MAPPED_V4)
                .addMessageIntegrity(SHORT_TERM_KEY)
                .addFingerprint()
                .toByteArray();
        assertArrayEquals(RESPONSE_V4, built);
    }

    // ---- 2.3 ----

    @Test
    void ipv6ResponseParses() throws StunException {
        StunMessage m = StunMessage.parse(RESPONSE_V6);
        assertEquals(0x0101, m.messageType());
        assertArrayEquals(TX, m.transactionId().toByteArray());
        assertArrayEquals(new int[] {SOFTWARE, XOR_MAPPED_ADDRESS, MESSAGE_INTEGRITY}, attributeTypes(m));
        assertEquals("test vector", m.software());
        assertEquals(MAPPED_V6, m.xorMappedAddress());
        assertTrue(m.hasFingerprint());
        assertTrue(m.checkIntegrity(SHORT_TERM_KEY));
        assertFalse(m.checkIntegrity(StunCredentials.shortTermKey("VOkJxbRl1RmTxUk/WvJxB")));
    }

    @Test
    void ipv6ResponseEncodesByteForByte() {
        byte[] built = new StunMessageBuilder().paddingByte(0x20)
                .reset(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, TransactionId.of(TX))
                .addSoftware("test vector")
                .addXorMappedAddress(MAPPED_V6)
                .addMessageIntegrity(SHORT_TERM_KEY)
                .addFingerprint()
                .toByteArray();
        assertArrayEquals(RESPONSE_V6, built);
    }

    // ---- 2.4 ----

    @Test
    void saslPrepTurnsTheRfcPasswordIntoTheMatrix() {
        assertEquals("TheMatrIX", StunCrypto.prepare(LONG_TERM_PASSWORD));
        assertEquals(LONG_TERM_USERNAME, StunCrypto.prepare(LONG_TERM_USERNAME));
    }

    @Test
    void longTermRequestParsesAndAuthenticatesWithThePreparedPassword() throws StunException {
        StunMessage m = StunMessage.parse(REQUEST_LONG_TERM);
        assertEquals(0x0001, m.messageType());
        assertArrayEquals(LONG_TERM_TX, m.transactionId().toByteArray());
        assertArrayEquals(new int[] {USERNAME, NONCE, REALM, MESSAGE_INTEGRITY}, attributeTypes(m));
        assertEquals(LONG_TERM_USERNAME, m.username());
        assertEquals(NONCE_VALUE, m.nonce());
        assertEquals(REALM_VALUE, m.realm());
        assertFalse(m.hasFingerprint());
        // Both spellings of the password give the key that verifies: longTermKey applies SASLprep itself.
        assertTrue(m.checkIntegrity(StunCredentials.longTermKey(LONG_TERM_USERNAME, REALM_VALUE, LONG_TERM_PASSWORD)));
        assertTrue(m.checkIntegrity(StunCredentials.longTermKey(LONG_TERM_USERNAME, REALM_VALUE, "TheMatrIX")));
        assertFalse(m.checkIntegrity(StunCredentials.longTermKey(LONG_TERM_USERNAME, REALM_VALUE, "TheMatrix")));
        assertFalse(m.checkIntegrity(StunCredentials.longTermKey(LONG_TERM_USERNAME, "example.com", "TheMatrIX")));
        assertFalse(m.checkIntegrity(StunCredentials.shortTermKey("TheMatrIX")), "a short-term key must not verify");
    }

    @Test
    void longTermRequestEncodesByteForByte() {
        byte[] built = new StunMessageBuilder() // zero padding, the builder's default
                .reset(StunClass.REQUEST, StunMethod.BINDING, TransactionId.of(LONG_TERM_TX))
                .addUsername(LONG_TERM_USERNAME)
                .addString(NONCE, NONCE_VALUE)
                .addString(REALM, REALM_VALUE)
                .addMessageIntegrity(StunCredentials.longTermKey(LONG_TERM_USERNAME, REALM_VALUE, LONG_TERM_PASSWORD))
                .toByteArray();
        assertArrayEquals(REQUEST_LONG_TERM, built);
    }

    // ---- damage to a vector ----

    @Test
    void everyChangedBitOfAVectorIsRejectedOrLosesTheFingerprint() throws StunException {
        for (int i = 0; i < RESPONSE_V4.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] damaged = RESPONSE_V4.clone();
                damaged[i] ^= (byte) (1 << bit);
                if (i >= 72 && i < 76) {
                    // A damaged FINGERPRINT header makes it an unknown attribute after MESSAGE-INTEGRITY, which
                    // RFC 8489 says to ignore: the message is then one without FINGERPRINT (ICE refuses those).
                    try {
                        assertFalse(StunMessage.parse(damaged).hasFingerprint(), "byte " + i + " bit " + bit);
                    } catch (StunException expected) {
                        // also fine: e.g. a length that no longer fits
                    }
                    continue;
                }
                StunException e = assertThrows(StunException.class, () -> StunMessage.parse(damaged),
                        "byte " + i + " bit " + bit);
                // A change to a type, length, family or cookie may be refused by a structural check before the
                // CRC is reached; a change to opaque bytes (transaction ID, text, XOR'd address, HMAC, the CRC
                // itself) can only be caught by FINGERPRINT.
                boolean opaque = (i >= 8 && i < 20) || (i >= 24 && i < 36) || (i >= 42 && i < 48) || (i >= 52 && i < 72)
                        || i >= 76;
                if (opaque) {
                    assertEquals(Reason.BAD_FINGERPRINT, e.reason(), "byte " + i + " bit " + bit);
                }
            }
        }
    }

    @Test
    void aChangedByteInTheLongTermVectorFailsItsIntegrity() throws StunException {
        byte[] damaged = REQUEST_LONG_TERM.clone();
        damaged[60] ^= 0x01; // inside NONCE; there is no FINGERPRINT to catch it at parse time
        StunMessage m = StunMessage.parse(damaged);
        assertFalse(m.checkIntegrity(StunCredentials.longTermKey(LONG_TERM_USERNAME, REALM_VALUE, "TheMatrIX")));
    }
}
