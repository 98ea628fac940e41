package dev.robusta.sctp;

import static org.junit.jupiter.api.Assertions.*;

import dev.robusta.sctp.sim.LinkConditions;
import dev.robusta.sctp.wire.Bytes;
import org.junit.jupiter.api.Test;

/**
 * A receiver slower than its sender, as a JVM is while it warms up or on a loaded machine: packets wait in its UDP
 * socket's receive buffer, modelled here by a bottleneck (the receiver's processing rate) behind a drop-tail queue
 * (the socket buffer). The advertised window bounds what the sender keeps in flight, so a window capped below the
 * queue's size keeps the queue from overflowing: nothing is dropped and nothing is sent twice. With the window as
 * large as the receive buffer (4 MiB, what we advertised before), the sender overruns the queue.
 */
class ReceiveWindowTest {
    /** The receiver handles 5 MB/s; its socket holds 600 packets (about 700 KB). */
    private static final LinkConditions SLOW_RECEIVER = LinkConditions.of(0, 0, 1, 0).withBottleneck(5_000_000, 600);
    private static final int TOTAL = 8 << 20;
    private static final int MESSAGE = 64 << 10;

    private record Outcome(long delivered, long packetsLost, long retransmitted, long duplicatesAtReceiver,
                           long largestWindowAdvertised) {}

    private static Outcome transfer(SctpConfig config) {
        ChannelPair p = new ChannelPair(config, SLOW_RECEIVER, 7);
        long[] largestWindow = {0};
        p.net.setTap((from, packet, now) -> largestWindow[0] = Math.max(largestWindow[0], windowIn(packet)));
        assertTrue(p.connect());
        DataChannel tx = p.a.transport().createDataChannel("bulk", DataChannelInit.defaults());
        assertTrue(p.net.runUntil(() -> !p.openedAtB.isEmpty(), 10_000_000_000L));
        long[] got = {0};
        p.openedAtB.get(0).setListener(new DataChannelListener() {
            @Override
            public void onMessage(DataChannel channel, DataChannelMessage message) {
                got[0] += message.size();
            }
        });
        long lostBefore = p.net.packetsLost;
        for (int sent = 0; sent < TOTAL; sent += MESSAGE) {
            tx.send(new byte[MESSAGE]);
        }
        assertTrue(p.net.runUntil(() -> got[0] == TOTAL, 120_000_000_000L), "all " + TOTAL + " bytes arrive");
        assertNull(p.b.transport().association().checkInvariants());
        return new Outcome(got[0], p.net.packetsLost - lostBefore, p.a.transport().association().retransmittedChunks(),
                p.b.transport().association().duplicateChunksReceived(), largestWindow[0]);
    }

    /** The largest a_rwnd an INIT, INIT-ACK or SACK chunk of {@code packet} carries, or 0. */
    private static long windowIn(byte[] packet) {
        long largest = 0;
        int p = 12;
        while (p + 12 <= packet.length) {
            int type = packet[p] & 0xFF;
            int len = ((packet[p + 2] & 0xFF) << 8) | (packet[p + 3] & 0xFF);
            if (len < 4) {
                break;
            }
            if (type == 1 || type == 2 || type == 3) {
                largest = Math.max(largest, Bytes.u32(packet, p + 8));
            }
            p += (len + 3) & ~3;
        }
        return largest;
    }

    @Test
    void cappedWindowKeepsTheSenderFromOverrunningASlowReceiversSocket() {
        Outcome capped = transfer(SctpConfig.defaults());
        assertEquals(TOTAL, capped.delivered());
        assertEquals(0, capped.packetsLost(), "packets dropped at the receiver's queue");
        assertEquals(0, capped.retransmitted(), "chunks retransmitted");
        assertEquals(0, capped.duplicatesAtReceiver(), "duplicate chunks received");
        assertEquals(SctpConfig.DEFAULT_MAX_ADVERTISED_WINDOW, capped.largestWindowAdvertised(),
                "largest a_rwnd in INIT, INIT-ACK and SACK chunks");
    }

    @Test
    void windowAsLargeAsTheBufferLetsTheSenderOverrunIt() {
        SctpConfig uncapped = SctpConfig.defaults().withMaxAdvertisedWindow(4 << 20);
        Outcome o = transfer(uncapped);
        assertEquals(TOTAL, o.delivered());
        assertTrue(o.packetsLost() > 0, "the 600-packet queue overflows: " + o);
        assertTrue(o.retransmitted() > 0, "and the sender retransmits: " + o);
        assertEquals(uncapped.effectiveReceiveBuffer(), o.largestWindowAdvertised());
    }

    @Test
    void advertisedWindowStartsAtTheCapInInitAndNeverExceedsIt() {
        SctpConfig config = SctpConfig.defaults();
        assertEquals(SctpConfig.DEFAULT_MAX_ADVERTISED_WINDOW, config.initialAdvertisedWindow());
        assertEquals(4 << 20, config.effectiveReceiveBuffer(), "the buffer behind the window is unchanged");
        assertEquals(1 << 20, config.withMaxAdvertisedWindow(1 << 20).initialAdvertisedWindow());
        assertEquals(2L * SctpConfig.DEFAULT_MAX_MESSAGE_SIZE, config.withReceiveBuffer(1024)
                .initialAdvertisedWindow(), "a small buffer still holds two whole messages, and the window says so");
        assertThrows(IllegalArgumentException.class, () -> config.withMaxAdvertisedWindow(1000));
    }
}
