package dev.robusta.ice.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** The 14-bit message type: class bits C1/C0 interleaved with the 12-bit method (RFC 8489 section 5). */
class StunMessageTypeTest {
    private static final StunClass[] CLASSES = {
        StunClass.REQUEST, StunClass.INDICATION, StunClass.SUCCESS_RESPONSE, StunClass.ERROR_RESPONSE};

    /**
     * Known wire values (RFC 8489 section 18.2, RFC 8656 section 17), one row per method, columns in the order of
     * {@link #CLASSES}: e.g. Binding success 0x0101, Allocate error 0x0113, Data indication 0x0017.
     */
    private static final int[][] KNOWN = {
        {StunMethod.BINDING, 0x0001, 0x0011, 0x0101, 0x0111},
        {StunMethod.ALLOCATE, 0x0003, 0x0013, 0x0103, 0x0113},
        {StunMethod.REFRESH, 0x0004, 0x0014, 0x0104, 0x0114},
        {StunMethod.SEND, 0x0006, 0x0016, 0x0106, 0x0116},
        {StunMethod.DATA, 0x0007, 0x0017, 0x0107, 0x0117},
        {StunMethod.CREATE_PERMISSION, 0x0008, 0x0018, 0x0108, 0x0118},
        {StunMethod.CHANNEL_BIND, 0x0009, 0x0019, 0x0109, 0x0119},
        // Methods with high bits set, to pin the interleaving M11..M7 C1 M6..M4 C0 M3..M0.
        {0x010, 0x0020, 0x0030, 0x0120, 0x0130},
        {0x080, 0x0200, 0x0210, 0x0300, 0x0310},
        {0xFFF, 0x3EEF, 0x3EFF, 0x3FEF, 0x3FFF},
    };

    @Test
    void everyClassAndMethodHasItsKnownType() {
        for (int[] row : KNOWN) {
            for (int c = 0; c < CLASSES.length; c++) {
                String what = CLASSES[c] + " " + StunMethod.name(row[0]);
                assertEquals(row[c + 1], CLASSES[c].messageType(row[0]), what);
                assertEquals(CLASSES[c], StunClass.ofType(row[c + 1]), what);
                assertEquals(row[0], StunClass.methodOfType(row[c + 1]), what);
            }
        }
    }

    @Test
    void typesOnTheWireDecodeToTheirClassAndMethod() throws StunException {
        StunMessageBuilder builder = new StunMessageBuilder();
        for (int[] row : KNOWN) {
            for (int c = 0; c < CLASSES.length; c++) {
                StunMessage m = StunMessage.parse(
                        builder.reset(CLASSES[c], row[0], TransactionId.of(new byte[12])).toByteArray());
                assertEquals(row[c + 1], m.messageType());
                assertEquals(CLASSES[c], m.messageClass());
                assertEquals(row[0], m.method());
                assertTrue(m.is(CLASSES[c], row[0]));
            }
        }
    }

    @Test
    void classAndMethodMapOneToOneOntoAllFourteenBitTypes() {
        BitSet seen = new BitSet(1 << 14);
        for (StunClass cls : StunClass.values()) {
            for (int method = 0; method < 0x1000; method++) {
                int type = cls.messageType(method);
                assertTrue(type >= 0 && type < (1 << 14), "type " + type);
                assertFalse(seen.get(type), "type produced twice: " + type);
                seen.set(type);
                assertEquals(cls, StunClass.ofType(type));
                assertEquals(method, StunClass.methodOfType(type));
            }
        }
        assertEquals(1 << 14, seen.cardinality());
    }

    @Test
    void onlyResponsesAreResponses() {
        assertFalse(StunClass.REQUEST.isResponse());
        assertFalse(StunClass.INDICATION.isResponse());
        assertTrue(StunClass.SUCCESS_RESPONSE.isResponse());
        assertTrue(StunClass.ERROR_RESPONSE.isResponse());
    }

    @Test
    void methodNames() {
        assertEquals("Binding", StunMethod.name(StunMethod.BINDING));
        assertEquals("CreatePermission", StunMethod.name(StunMethod.CREATE_PERMISSION));
        assertEquals("ChannelBind", StunMethod.name(StunMethod.CHANNEL_BIND));
        assertEquals("0x0FF", StunMethod.name(0xFF));
    }
}
