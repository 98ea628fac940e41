package dev.robusta.ice.stun;

import static dev.robusta.ice.stun.StunAttributes.*;
import static dev.robusta.ice.stun.StunBytes.appendAttribute;
import static dev.robusta.ice.stun.StunBytes.fixBodyLength;
import static dev.robusta.ice.stun.StunBytes.hex;
import static dev.robusta.ice.stun.StunBytes.putU16;
import static dev.robusta.ice.stun.StunBytes.withoutFingerprint;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.stun.StunException.Reason;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bad input is refused with a typed {@link StunException} whose {@link Reason} says why. */
class StunMalformedInputTest {
    private static final byte[] KEY = StunCredentials.shortTermKey("a-password-of-22-chars");
    private static final TransactionId TX = TransactionId.of(hex("a1a2a3a4a5a6a7a8a9aaabac"));

    /** USERNAME (9 bytes + 3 padding) at 20, PRIORITY at 36, MESSAGE-INTEGRITY at 44, FINGERPRINT at 68. */
    private static byte[] valid() {
        return new StunMessageBuilder().reset(StunClass.REQUEST, StunMethod.BINDING, TX)
                .addUsername("abcd:efgh").addPriority(1234).addMessageIntegrity(KEY).addFingerprint().toByteArray();
    }

    /** A header with no attributes, to which tests append exactly the attributes they need. */
    private static byte[] header(StunClass cls) {
        return new StunMessageBuilder().reset(cls, StunMethod.BINDING, TX).toByteArray();
    }

    private static Reason reasonOf(byte[] bytes) {
        return assertThrows(StunException.class, () -> StunMessage.parse(bytes), StunBytes.hex(bytes)).reason();
    }

    @Test
    void theBaseMessageIsValid() {
        assertDoesNotThrow(() -> StunMessage.parse(valid()));
    }

    @Test
    void notStun() {
        byte[] rtp = valid();
        rtp[0] = (byte) 0x80;
        assertEquals(Reason.NOT_STUN, reasonOf(rtp), "first two bits set");
        byte[] channelData = valid();
        channelData[0] = 0x40;
        assertEquals(Reason.NOT_STUN, reasonOf(channelData));
        byte[] noCookie = valid();
        noCookie[7] ^= 1;
        assertEquals(Reason.NOT_STUN, reasonOf(noCookie), "magic cookie");
    }

    @Test
    void truncatedHeader() {
        assertEquals(Reason.TRUNCATED, reasonOf(Arrays.copyOf(valid(), 19)));
        assertEquals(Reason.TRUNCATED, reasonOf(new byte[0]));
        assertEquals(Reason.TRUNCATED, assertThrows(StunException.class,
                () -> StunMessage.parse(valid(), 0, 10)).reason(), "a length shorter than the header");
    }

    @Test
    void datagramCutInsideAnAttribute() {
        byte[] b = valid();
        assertEquals(Reason.TRUNCATED, reasonOf(Arrays.copyOf(b, 50)), "the header promises more than arrived");
        assertEquals(Reason.TRUNCATED, reasonOf(Arrays.copyOf(b, b.length - 4)));
    }

    @Test
    void attributeOverrunningTheMessage() {
        byte[] b = withoutFingerprint(valid());
        putU16(b, 22, 0xF0); // USERNAME claims 240 bytes in a 48-byte body
        assertEquals(Reason.TRUNCATED, reasonOf(b));
        byte[] last = withoutFingerprint(valid());
        putU16(last, 46, 24); // MESSAGE-INTEGRITY, the last attribute, claims 4 bytes more than remain
        assertEquals(Reason.TRUNCATED, reasonOf(last));
    }

    @Test
    void lengthNotAMultipleOfFour() {
        byte[] b = valid();
        byte[] longer = Arrays.copyOf(b, b.length + 2);
        putU16(longer, 2, longer.length - 20); // consistent with the datagram, but not on a 32-bit boundary
        assertEquals(Reason.BAD_PADDING, reasonOf(longer));
        byte[] off = valid();
        off[3] += 1;
        assertEquals(Reason.BAD_PADDING, reasonOf(off));
    }

    @Test
    void lastAttributeWithoutItsPadding() {
        // A 5-byte SOFTWARE sent without its 3 padding bytes: the message no longer ends on a 32-bit boundary.
        byte[] b = appendAttribute(header(StunClass.REQUEST), SOFTWARE, "abcde".getBytes());
        byte[] unpadded = fixBodyLength(Arrays.copyOf(b, b.length - 3));
        assertEquals(Reason.BAD_PADDING, reasonOf(unpadded));
    }

    @Test
    void unpaddedAttributeInTheMiddleIsRefused() {
        // SOFTWARE of 5 bytes, then PRIORITY, with no padding between: 4+5+4+3 = 16, a multiple of 4, so only the
        // walk can notice. It reads the next header 3 bytes late, inside PRIORITY's value.
        byte[] b = hex("00010010 2112a442 a1a2a3a4a5a6a7a8a9aaabac"
                + "80220005 6162636465" + "00240004 ffffff");
        assertEquals(Reason.TRUNCATED, reasonOf(b));
    }

    @Test
    void trailingBytes() {
        byte[] b = valid();
        assertEquals(Reason.BAD_LENGTH, reasonOf(Arrays.copyOf(b, b.length + 4)));
        assertEquals(Reason.BAD_LENGTH, reasonOf(Arrays.copyOf(b, b.length + 1)));
    }

    @Test
    void badAddressFamily() {
        for (int type : new int[] {MAPPED_ADDRESS, XOR_MAPPED_ADDRESS, XOR_PEER_ADDRESS, XOR_RELAYED_ADDRESS,
                ALTERNATE_SERVER}) {
            byte[] h = header(StunClass.SUCCESS_RESPONSE);
            assertEquals(Reason.BAD_ATTRIBUTE, reasonOf(appendAttribute(h, type, hex("0003 0001 01020304"))),
                    "family 3");
            assertEquals(Reason.BAD_ATTRIBUTE, reasonOf(appendAttribute(h, type, hex("0000 0001 01020304"))),
                    "family 0");
            assertEquals(Reason.BAD_ATTRIBUTE, reasonOf(appendAttribute(h, type, hex("0002 0001 01020304"))),
                    "IPv6 family with 4 address bytes");
            assertEquals(Reason.BAD_ATTRIBUTE, reasonOf(appendAttribute(h, type, new byte[20])), "IPv4 with 16 bytes");
            byte[] ipv4With16 = new byte[20];
            ipv4With16[1] = 1;
            assertEquals(Reason.BAD_ATTRIBUTE, reasonOf(appendAttribute(h, type, ipv4With16)));
            assertEquals(Reason.BAD_ATTRIBUTE, reasonOf(appendAttribute(h, type, new byte[0])), "empty");
            assertEquals(Reason.BAD_ATTRIBUTE, reasonOf(appendAttribute(h, type, hex("01"))), "one byte");
        }
    }

    @Test
    void badErrorClassOrNumber() {
        byte[] h = header(StunClass.ERROR_RESPONSE);
        for (String value : new String[] {"00000200", "00000700", "00000000", "00000464", "000004ff"}) {
            assertEquals(Reason.BAD_ATTRIBUTE, reasonOf(appendAttribute(h, ERROR_CODE, hex(value))), value);
        }
        assertDoesNotThrow(() -> StunMessage.parse(appendAttribute(h, ERROR_CODE, hex("00000663"))), "699");
        assertEquals(Reason.BAD_LENGTH, reasonOf(appendAttribute(h, ERROR_CODE, hex("000004"))), "shorter than 4");
        assertEquals(Reason.BAD_LENGTH, reasonOf(appendAttribute(h, ERROR_CODE, new byte[4 + 764])),
                "reason phrase longer than 763 bytes");
    }

    @Test
    void wrongLengthsForFixedSizeAttributes() {
        byte[] h = header(StunClass.REQUEST);
        int[][] cases = { // type, a wrong length
            {PRIORITY, 8}, {LIFETIME, 2}, {CHANNEL_NUMBER, 8}, {REQUESTED_TRANSPORT, 0}, {ICE_CONTROLLING, 4},
            {ICE_CONTROLLED, 12}, {RESERVATION_TOKEN, 4}, {USE_CANDIDATE, 4}, {DONT_FRAGMENT, 1}, {EVEN_PORT, 4},
            {USERHASH, 20}, {MESSAGE_INTEGRITY, 16}, {MESSAGE_INTEGRITY_SHA256, 12}, {MESSAGE_INTEGRITY_SHA256, 36},
            {MESSAGE_INTEGRITY_SHA256, 18}, {UNKNOWN_ATTRIBUTES, 3}, {USERNAME, 514}, {REALM, 764}, {NONCE, 764},
            {SOFTWARE, 764}, {FINGERPRINT, 8},
        };
        for (int[] c : cases) {
            assertEquals(Reason.BAD_LENGTH, reasonOf(appendAttribute(h, c[0], new byte[c[1]])), name(c[0]) + " " + c[1]);
        }
        // The limits themselves are fine.
        assertDoesNotThrow(() -> StunMessage.parse(appendAttribute(h, USERNAME, new byte[513])));
        assertDoesNotThrow(() -> StunMessage.parse(appendAttribute(h, REALM, new byte[763])));
    }

    @Test
    void attributeAfterFingerprint() {
        byte[] b = appendAttribute(valid(), SOFTWARE, "late".getBytes());
        assertEquals(Reason.BAD_FINGERPRINT, reasonOf(b));
    }

    @Test
    void wrongFingerprint() {
        byte[] b = valid();
        b[b.length - 1] ^= 1;
        assertEquals(Reason.BAD_FINGERPRINT, reasonOf(b), "the CRC itself");
        byte[] c = valid();
        c[24] ^= 1; // a USERNAME byte: any change to the covered bytes breaks the CRC
        assertEquals(Reason.BAD_FINGERPRINT, reasonOf(c));
    }

    @Test
    void tooManyAttributes() {
        byte[] atLimit = header(StunClass.REQUEST);
        for (int i = 0; i < StunMessage.MAX_ATTRIBUTES; i++) {
            atLimit = appendAttribute(atLimit, 0x8100 + i, new byte[0]);
        }
        byte[] limit = atLimit;
        assertEquals(StunMessage.MAX_ATTRIBUTES, assertDoesNotThrow(() -> StunMessage.parse(limit)).attributeCount());
        assertEquals(Reason.TOO_MANY_ATTRIBUTES, reasonOf(appendAttribute(atLimit, SOFTWARE, new byte[1])));
        // A hostile maximum: 16,379 empty attributes in a 65,516-byte body.
        byte[] flood = fixBodyLength(Arrays.copyOf(header(StunClass.REQUEST), 20 + 4 * 16_379));
        assertEquals(Reason.TOO_MANY_ATTRIBUTES, reasonOf(flood));
    }

    @Test
    void attributesIgnoredAfterIntegrityDoNotCountAgainstTheLimit() throws StunException {
        byte[] b = new StunMessageBuilder().reset(StunClass.REQUEST, StunMethod.BINDING, TX).addUsername("u")
                .addMessageIntegrity(KEY).toByteArray();
        for (int i = 0; i < 2 * StunMessage.MAX_ATTRIBUTES; i++) {
            b = appendAttribute(b, 0x8100, new byte[0]);
        }
        StunMessage m = StunMessage.parse(b);
        assertEquals(2, m.attributeCount());
        assertTrue(m.checkIntegrity(KEY));
    }

    @Test
    void integrityMismatch() throws StunException {
        StunMessage m = StunMessage.parse(valid());
        assertDoesNotThrow(() -> m.requireIntegrity(KEY));
        assertEquals(Reason.BAD_INTEGRITY, assertThrows(StunException.class,
                () -> m.requireIntegrity(StunCredentials.shortTermKey("wrong-password-22-chars"))).reason());
        byte[] tampered = withoutFingerprint(valid());
        tampered[25] ^= 1; // inside USERNAME; no FINGERPRINT left to catch it at parse time
        StunMessage t = StunMessage.parse(tampered);
        assertEquals(Reason.BAD_INTEGRITY, assertThrows(StunException.class, () -> t.requireIntegrity(KEY)).reason());
    }

    @Test
    void integrityMissing() throws StunException {
        StunMessage none = StunMessage.parse(appendAttribute(header(StunClass.REQUEST), USERNAME, "u".getBytes()));
        assertEquals(Reason.BAD_INTEGRITY, assertThrows(StunException.class, () -> none.requireIntegrity(KEY)).reason());
    }

    @Test
    void badChannelData() {
        byte[] frame = new byte[8];
        ChannelData.writeHeader(frame, 0, 0x3FFF, 4);
        assertEquals(Reason.BAD_CHANNEL_DATA,
                assertThrows(StunException.class, () -> ChannelData.channel(frame, 0, frame.length)).reason());
    }

    /**
     * Every reason has at least one input that produces it. The switch has no default, so adding a reason without
     * a case here does not compile.
     */
    @ParameterizedTest
    @EnumSource(Reason.class)
    void everyReasonIsProducedBySomeInput(Reason reason) throws StunException {
        StunMessage parsed = StunMessage.parse(withoutFingerprint(valid()));
        Executable provoke = switch (reason) {
            case NOT_STUN -> () -> StunMessage.parse(new byte[20]);
            case TRUNCATED -> () -> StunMessage.parse(new byte[19]);
            case BAD_LENGTH -> () -> StunMessage.parse(Arrays.copyOf(valid(), valid().length + 4));
            case BAD_PADDING -> () -> StunMessage.parse(fixBodyLength(Arrays.copyOf(valid(), valid().length + 1)));
            case BAD_ATTRIBUTE -> () -> StunMessage.parse(appendAttribute(header(StunClass.REQUEST), XOR_MAPPED_ADDRESS,
                    new byte[8]));
            case TOO_MANY_ATTRIBUTES -> () -> StunMessage.parse(
                    fixBodyLength(Arrays.copyOf(header(StunClass.REQUEST), 20 + 4 * (StunMessage.MAX_ATTRIBUTES + 1))));
            case BAD_FINGERPRINT -> () -> StunMessage.parse(appendAttribute(header(StunClass.REQUEST), FINGERPRINT,
                    new byte[4]));
            case BAD_INTEGRITY -> () -> parsed.requireIntegrity(new byte[] {1});
            case BAD_CHANNEL_DATA -> () -> ChannelData.channel(new byte[4], 0, 4);
        };
        assertEquals(reason, assertThrows(StunException.class, provoke).reason());
    }
}
