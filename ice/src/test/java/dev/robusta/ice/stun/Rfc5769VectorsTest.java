package dev.robusta.ice.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 5769's test vectors, parsed and re-encoded byte for byte. */
class Rfc5769VectorsTest {
    static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";
    static final byte[] TX = hex("b7e7a701bc34d686fa87dfae");

    /** Section 2.1: sample request (short-term credentials, padding bytes are spaces). */
    static final byte[] REQUEST = hex(
            "000100582112a442b7e7a701bc34d686fa87dfae"
            + "80220010" + "5354554e20746573742063 6c69656e74"
            + "00240004" + "6e0001ff"
            + "80290008" + "932ff9b151263b36"
            + "00060009" + "6576746a3a68367659202020"
            + "00080014" + "9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
            + "80280004" + "e57a3bcf");

    /** Section 2.2: sample IPv4 response. */
    static final byte[] RESPONSE_V4 = hex(
            "0101003c2112a442b7e7a701bc34d686fa87dfae"
            + "8022000b" + "7465737420766563746f7220"
            + "00200008" + "0001a147e112a643"
            + "00080014" + "2b91f599fd9e90c38c7489f92af9ba53f06be7d7"
            + "80280004" + "c07d4c96");

    /** Section 2.3: sample IPv6 response. */
    static final byte[] RESPONSE_V6 = hex(
            "010100482112a442b7e7a701bc34d686fa87dfae"
            + "8022000b" + "7465737420766563746f7220"
            + "00200014" + "0002a1470113a9faa5d3f179bc25f4b5bed2b9d9"
            + "00080014" + "a382954e4be67bf11784c97c8292c275bfe3ed41"
            + "80280004" + "c8fb0b4c");

    /** Section 2.4: sample request with long-term authentication (no FINGERPRINT). */
    static final byte[] REQUEST_LONG_TERM = hex(
            "000100602112a44278ad3433c6ad72c029da412e"
            + "00060012" + "e3839ee38388e383aae38383e382afe382b90000"
            + "0015001c" + "662f2f3439396b39353464364f4c33346f4c394653547679363473 41"
            + "0014000b" + "6578616d706c652e6f726700"
            + "00080014" + "f67024656dd64a3e02b8e0712e85c9a28ca89666");

    static final String LONG_TERM_USERNAME = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
    /** The password as the RFC gives it, before SASLprep: soft hyphen, feminine ordinal, roman numeral nine. */
    static final String LONG_TERM_PASSWORD = "The\u00ADM\u00AAtr\u2168";

    @Test
    void sampleRequestParses() throws StunException {
        StunMessage m = StunMessage.parse(REQUEST);
        assertEquals(0x0001, m.messageType());
        assertEquals(StunClass.REQUEST, m.messageClass());
        assertEquals(StunMethod.BINDING, m.method());
        assertArrayEquals(TX, m.transactionId().toByteArray());
        assertEquals("STUN test client", m.software());
        assertEquals(0x6e0001ffL, m.priority());
        assertEquals(0x932ff9b151263b36L, m.uint64(StunAttributes.ICE_CONTROLLED, 0));
        assertFalse(m.has(StunAttributes.ICE_CONTROLLING));
        assertEquals("evtj:h6vY", m.username());
        assertTrue(m.hasFingerprint());
        assertTrue(m.checkIntegrity(StunCredentials.shortTermKey(PASSWORD)));
        assertFalse(m.checkIntegrity(StunCredentials.shortTermKey(PASSWORD + "x")));
    }

    @Test
    void sampleRequestEncodesByteForByte() {
        byte[] built = new StunMessageBuilder().paddingByte(0x20)
                .reset(StunClass.REQUEST, StunMethod.BINDING, TransactionId.of(TX))
                .addSoftware("STUN test client")
                .addPriority(0x6e0001ffL)
                .addIceControlled(0x932ff9b151263b36L)
                .addUsername("evtj:h6vY")
                .addMessageIntegrity(StunCredentials.shortTermKey(PASSWORD))
                .addFingerprint()
                .toByteArray();
        assertArrayEquals(REQUEST, built);
    }

    @Test
    void ipv4ResponseParses() throws Exception {
        StunMessage m = StunMessage.parse(RESPONSE_V4);
        assertEquals(StunClass.SUCCESS_RESPONSE, m.messageClass());
        assertEquals(StunMethod.BINDING, m.method());
        assertEquals("test vector", m.software());
        assertEquals(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853), m.xorMappedAddress());
        assertTrue(m.checkIntegrity(StunCredentials.shortTermKey(PASSWORD)));
        assertTrue(m.hasFingerprint());
    }

    @Test
    void ipv4ResponseEncodesByteForByte() throws Exception {
        byte[] built = new StunMessageBuilder().paddingByte(0x20)
                .reset(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, TransactionId.of(TX))
                .addSoftware("test vector")
                .addXorMappedAddress(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853))
                .addMessageIntegrity(StunCredentials.shortTermKey(PASSWORD))
                .addFingerprint()
                .toByteArray();
        assertArrayEquals(RESPONSE_V4, built);
    }

    @Test
    void ipv6ResponseParses() throws Exception {
        StunMessage m = StunMessage.parse(RESPONSE_V6);
        assertEquals(new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853),
                m.xorMappedAddress());
        assertTrue(m.checkIntegrity(StunCredentials.shortTermKey(PASSWORD)));
    }

    @Test
    void ipv6ResponseEncodesByteForByte() throws Exception {
        byte[] built = new StunMessageBuilder().paddingByte(0x20)
                .reset(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, TransactionId.of(TX))
                .addSoftware("test vector")
                .addXorMappedAddress(new InetSocketAddress(
                        InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853))
                .addMessageIntegrity(StunCredentials.shortTermKey(PASSWORD))
                .addFingerprint()
                .toByteArray();
        assertArrayEquals(RESPONSE_V6, built);
    }

    @Test
    void longTermRequestParsesAndAuthenticatesWithPreparedPassword() throws StunException {
        StunMessage m = StunMessage.parse(REQUEST_LONG_TERM);
        assertEquals(LONG_TERM_USERNAME, m.username());
        assertEquals("example.org", m.realm());
        assertEquals("f//499k954d6OL34oL9FSTvy64sA", m.nonce());
        assertFalse(m.hasFingerprint());
        // SASLprep turns the RFC's password into "TheMatrIX"; both spellings give the key that verifies.
        assertTrue(m.checkIntegrity(StunCredentials.longTermKey(LONG_TERM_USERNAME, "example.org", LONG_TERM_PASSWORD)));
        assertTrue(m.checkIntegrity(StunCredentials.longTermKey(LONG_TERM_USERNAME, "example.org", "TheMatrIX")));
        assertFalse(m.checkIntegrity(StunCredentials.longTermKey(LONG_TERM_USERNAME, "example.org", "TheMatrix")));
    }

    @Test
    void longTermRequestEncodesByteForByte() {
        byte[] built = new StunMessageBuilder()
                .reset(StunClass.REQUEST, StunMethod.BINDING, TransactionId.of(hex("78ad3433c6ad72c029da412e")))
                .addUsername(LONG_TERM_USERNAME)
                .addString(StunAttributes.NONCE, "f//499k954d6OL34oL9FSTvy64sA")
                .addString(StunAttributes.REALM, "example.org")
                .addMessageIntegrity(StunCredentials.longTermKey(LONG_TERM_USERNAME, "example.org", LONG_TERM_PASSWORD))
                .toByteArray();
        assertArrayEquals(REQUEST_LONG_TERM, built);
    }

    @Test
    void longTermKeyIsMd5OfUserRealmPassword() throws Exception {
        byte[] expected = java.security.MessageDigest.getInstance("MD5")
                .digest((LONG_TERM_USERNAME + ":example.org:TheMatrIX").getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(expected, StunCredentials.longTermKey(LONG_TERM_USERNAME, "example.org", LONG_TERM_PASSWORD));
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }
}
