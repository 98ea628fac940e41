package dev.robusta.ice.stun;

import static dev.robusta.ice.stun.StunBytes.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.Random;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * The hot paths of an ICE agent allocate nothing once warm: encoding a check or a response with a reused builder,
 * and verifying a parsed message. Parsing allocates only the view and a small index. Measured with the JVM's
 * per-thread allocation counter, so it holds in the interpreter too and not only after escape analysis.
 */
class StunAllocationTest {
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 20_000;
    private static final byte[] KEY = StunCredentials.shortTermKey("r5hLp0VbW2Yf8mQs1nTz6cJd");
    private static final TransactionId TX = TransactionId.random(new Random(42));
    private static final InetSocketAddress MAPPED = addr("198.51.100.23", 53_211);

    private final StunMessageBuilder builder = new StunMessageBuilder();

    private static com.sun.management.ThreadMXBean threads() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        return threads;
    }

    /** Average bytes allocated per call after a warm-up; the supplier's results are summed so none is dead code. */
    private static double bytesPerOp(IntSupplier op) {
        com.sun.management.ThreadMXBean threads = threads();
        long sink = 0;
        for (int i = 0; i < WARM_UP; i++) {
            sink += op.getAsInt();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED; i++) {
            sink += op.getAsInt();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(sink != 42); // keeps the results alive
        return (double) allocated / MEASURED;
    }

    private int encodeCheck() {
        return builder.reset(StunClass.REQUEST, StunMethod.BINDING, TX).addUsername("Xq7f:b9Ke")
                .addPriority(0x6E7F1EFFL).addIceControlling(0x1B3C5D7E9F00A1B2L).addUseCandidate()
                .addMessageIntegrity(KEY).addFingerprint().length();
    }

    private int encodeResponse() {
        return builder.reset(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, TX).addXorMappedAddress(MAPPED)
                .addMessageIntegrity(KEY).addFingerprint().length();
    }

    @Test
    void encodingAChecksAllocatesNothing() {
        assertEquals(0.0, bytesPerOp(this::encodeCheck), 0.5);
    }

    @Test
    void encodingAResponseAllocatesNothing() {
        assertEquals(0.0, bytesPerOp(this::encodeResponse), 0.5);
    }

    @Test
    void verifyingAParsedMessageAllocatesNothing() throws StunException {
        StunMessage check = StunMessage.parse(new StunMessageBuilder().reset(StunClass.REQUEST, StunMethod.BINDING, TX)
                .addUsername("Xq7f:b9Ke").addMessageIntegrity(KEY).addMessageIntegritySha256(KEY).addFingerprint()
                .toByteArray());
        byte[] otherKey = StunCredentials.shortTermKey("another-password-of-24c");
        // Alternating keys, as an agent does between its own password and the peer's.
        assertEquals(0.0, bytesPerOp(() -> (check.checkIntegrity(KEY) ? 1 : 0) + (check.checkIntegrity(otherKey) ? 2 : 0)
                + (check.hasTransactionId(TX) ? 4 : 0) + (int) check.priority()), 0.5);
    }

    @Test
    void parsingAllocatesOnlyTheViewAndASmallIndex() {
        byte[] datagram = new StunMessageBuilder().reset(StunClass.REQUEST, StunMethod.BINDING, TX)
                .addUsername("Xq7f:b9Ke").addPriority(1).addIceControlling(2).addUseCandidate()
                .addMessageIntegrity(KEY).addFingerprint().toByteArray();
        double perParse = bytesPerOp(() -> {
            try {
                return StunMessage.parse(datagram).attributeCount();
            } catch (StunException e) {
                throw new AssertionError(e);
            }
        });
        // The view (~40 bytes) and an index for 8 attributes (112 bytes); the message itself is not copied.
        assertTrue(perParse <= 176, "bytes per parse: " + perParse);
    }
}
