package dev.robusta.dtls.srtp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hot path allocates nothing per packet: protect and unprotect of RTP and RTCP, measured with the JVM's
 * per-thread allocation counter after a warm-up. (The JMH benchmark shows the same with {@code -prof gc}.)
 */
class AllocationFreeTest {
    private static final int PACKETS = 20_000;

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void protectAndUnprotectAllocateNothingPerPacket(SrtpProfile profile) throws SrtpException {
        var threads = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads instanceof com.sun.management.ThreadMXBean);
        var counter = (com.sun.management.ThreadMXBean) threads;
        SrtpPair pair = new SrtpPair(profile);
        byte[] buf = new byte[1500];
        run(pair, buf, 0, PACKETS); // warm-up; also creates the streams' state
        long before = counter.getThreadAllocatedBytes(Thread.currentThread().getId());
        run(pair, buf, PACKETS, PACKETS);
        long allocated = counter.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        // A few hundred bytes of slack for the counter's own bookkeeping; one byte per packet would be 40,000.
        assertTrue(allocated < 4_096, profile + ": " + allocated + " bytes for " + 2 * PACKETS + " packets");

        // The counter does see allocations: the check above is not vacuous.
        before = counter.getThreadAllocatedBytes(Thread.currentThread().getId());
        sink = new byte[10_000];
        assertTrue(counter.getThreadAllocatedBytes(Thread.currentThread().getId()) - before >= 10_000);
    }

    static volatile byte[] sink;

    private static void run(SrtpPair pair, byte[] buf, int first, int count) throws SrtpException {
        for (int n = first; n < first + count; n++) {
            byte[] plain = plainRtp(buf, n);
            int len = pair.sender.protectRtp(buf, 0, plain.length);
            pair.receiver.unprotectRtp(buf, 0, len);
            if ((n & 7) == 0) {
                int rtcpLen = plainRtcp(buf);
                len = pair.sender.protectRtcp(buf, 0, rtcpLen);
                pair.receiver.unprotectRtcp(buf, 0, len);
            }
        }
    }

    private static final byte[] PLAIN = SrtpPair.rtp(0x1111, 0, 1000);
    private static final byte[] RTCP = SrtpPair.rtcp(0x1111, 10);

    private static byte[] plainRtp(byte[] buf, int n) {
        System.arraycopy(PLAIN, 0, buf, 0, PLAIN.length);
        buf[2] = (byte) (n >>> 8);
        buf[3] = (byte) n;
        return PLAIN;
    }

    private static int plainRtcp(byte[] buf) {
        System.arraycopy(RTCP, 0, buf, 0, RTCP.length);
        return RTCP.length;
    }
}
