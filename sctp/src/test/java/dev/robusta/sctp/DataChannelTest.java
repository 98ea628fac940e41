package dev.robusta.sctp;

import static org.junit.jupiter.api.Assertions.*;

import dev.robusta.sctp.sim.LinkConditions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataChannelTest {
    private static final class Recorder implements DataChannelListener {
        final List<String> events = new ArrayList<>();
        final List<DataChannelMessage> messages = new ArrayList<>();

        @Override
        public void onOpen(DataChannel channel) {
            events.add("open");
        }

        @Override
        public void onMessage(DataChannel channel, DataChannelMessage message) {
            messages.add(message);
        }

        @Override
        public void onBufferedAmountLow(DataChannel channel) {
            events.add("low");
        }

        @Override
        public void onClosing(DataChannel channel) {
            events.add("closing");
        }

        @Override
        public void onClose(DataChannel channel) {
            events.add("close");
        }

        @Override
        public void onError(DataChannel channel, SctpException error) {
            events.add("error:" + error.getMessage());
        }
    }

    private static ChannelPair pair(long seed) {
        ChannelPair p = new ChannelPair(SctpConfig.defaults(), LinkConditions.of(0, 0, 10, 0), seed);
        assertTrue(p.connect(), "association established");
        return p;
    }

    @Test
    void inBandChannelCarriesLabelOptionsAndMessagesBothWays() {
        ChannelPair p = pair(1);
        Recorder ra = new Recorder();
        DataChannel ca = p.a.transport().createDataChannel("chat", DataChannelInit.defaults()
                .withOrdered(false).withMaxRetransmits(3).withProtocol("json").withPriority(DataChannelPriority.HIGH));
        ca.setListener(ra);
        assertEquals(0, ca.id(), "the DTLS client opens even ids");
        p.net.runUntil(() -> !p.openedAtB.isEmpty(), 5_000_000_000L);
        DataChannel cb = p.openedAtB.get(0);
        Recorder rb = new Recorder();
        cb.setListener(rb);
        assertEquals("chat", cb.label());
        assertEquals("json", cb.protocol());
        assertFalse(cb.ordered());
        assertEquals(3, cb.maxRetransmits());
        assertEquals(-1, cb.maxPacketLifeTime());
        assertEquals(DataChannelPriority.HIGH, cb.priority());
        assertEquals(0, cb.id());
        assertEquals(DataChannelState.OPEN, cb.readyState());
        assertEquals(List.of("open"), ra.events);

        ca.send("héllo");
        ca.send(new byte[] {1, 2, 3});
        ca.send("");
        ca.send(new byte[0]);
        cb.send("back");
        p.net.runUntil(() -> rb.messages.size() == 4 && ra.messages.size() == 1, 5_000_000_000L);
        assertEquals("héllo", rb.messages.get(0).text());
        assertFalse(rb.messages.get(0).binary());
        assertArrayEquals(new byte[] {1, 2, 3}, rb.messages.get(1).bytes());
        assertTrue(rb.messages.get(1).binary());
        assertEquals(0, rb.messages.get(2).size());
        assertFalse(rb.messages.get(2).binary());
        assertEquals(0, rb.messages.get(3).size());
        assertTrue(rb.messages.get(3).binary());
        assertEquals("back", ra.messages.get(0).text());
    }

    @Test
    void bothSidesOpenChannelsAtOnceWithDistinctParity() {
        ChannelPair p = pair(2);
        DataChannel fromA = p.a.transport().createDataChannel("a", DataChannelInit.defaults());
        DataChannel fromB = p.b.transport().createDataChannel("b", DataChannelInit.defaults());
        DataChannel fromB2 = p.b.transport().createDataChannel("b2", DataChannelInit.defaults());
        assertEquals(0, fromA.id());
        assertEquals(1, fromB.id());
        assertEquals(3, fromB2.id());
        p.net.runUntil(() -> p.openedAtA.size() == 2 && p.openedAtB.size() == 1, 5_000_000_000L);
        assertEquals("a", p.openedAtB.get(0).label());
        assertEquals(List.of("b", "b2"), p.openedAtA.stream().map(DataChannel::label).toList());
    }

    @Test
    void channelCreatedBeforeConnectionOpensOnceConnected() {
        ChannelPair p = new ChannelPair(SctpConfig.defaults(), LinkConditions.of(0, 0, 5, 0), 3);
        DataChannel early = p.a.transport().createDataChannel("early", DataChannelInit.defaults());
        assertEquals(DataChannelState.CONNECTING, early.readyState());
        assertThrows(IllegalStateException.class, () -> early.send("too soon"));
        assertTrue(p.net.runUntil(() -> !p.openedAtB.isEmpty(), 5_000_000_000L));
        assertEquals(DataChannelState.OPEN, early.readyState());
    }

    @Test
    void negotiatedChannelsNeedNoDcep() {
        ChannelPair p = pair(4);
        DataChannelInit init = DataChannelInit.defaults().withNegotiatedId(7);
        DataChannel ca = p.a.transport().createDataChannel("n", init);
        DataChannel cb = p.b.transport().createDataChannel("n", init);
        Recorder rb = new Recorder();
        cb.setListener(rb);
        p.net.runUntil(() -> ca.readyState() == DataChannelState.OPEN && cb.readyState() == DataChannelState.OPEN,
                1_000_000_000L);
        ca.send("x");
        p.net.runUntil(() -> rb.messages.size() == 1, 1_000_000_000L);
        assertEquals("x", rb.messages.get(0).text());
        assertTrue(p.openedAtB.isEmpty(), "no DATA_CHANNEL_OPEN for a negotiated channel");
        assertThrows(IllegalStateException.class, () -> p.a.transport().createDataChannel("dup", init));
    }

    @Test
    void closeFromEitherSideResetsStreamsAndIdsAreReused() {
        ChannelPair p = pair(5);
        for (int round = 0; round < 3; round++) {
            boolean closeFromA = round % 2 == 0;
            DataChannel ca = p.a.transport().createDataChannel("c" + round, DataChannelInit.defaults());
            assertEquals(0, ca.id(), "id reused after close");
            Recorder ra = new Recorder();
            ca.setListener(ra);
            int seen = p.openedAtB.size();
            p.net.runUntil(() -> p.openedAtB.size() == seen + 1, 5_000_000_000L);
            DataChannel cb = p.openedAtB.get(seen);
            Recorder rb = new Recorder();
            cb.setListener(rb);
            ca.send("before close " + round);
            cb.send("reply " + round);
            (closeFromA ? ca : cb).close();
            assertEquals(DataChannelState.CLOSING, (closeFromA ? ca : cb).readyState());
            assertTrue(p.net.runUntil(() -> ca.readyState() == DataChannelState.CLOSED
                    && cb.readyState() == DataChannelState.CLOSED, 10_000_000_000L), "closed on both sides");
            assertEquals("before close " + round, rb.messages.get(0).text(), "queued data delivered before reset");
            assertEquals("reply " + round, ra.messages.get(0).text());
            assertTrue(ra.events.contains("close") && rb.events.contains("close"));
            assertThrows(IllegalStateException.class, () -> ca.send("after"));
        }
    }

    @Test
    void bufferedAmountFallsAndFiresLowEvent() {
        ChannelPair p = pair(6);
        DataChannel ca = p.a.transport().createDataChannel("bulk", DataChannelInit.defaults());
        Recorder ra = new Recorder();
        ca.setListener(ra);
        p.net.runUntil(() -> !p.openedAtB.isEmpty(), 5_000_000_000L);
        ca.setBufferedAmountLowThreshold(10_000);
        for (int i = 0; i < 20; i++) {
            ca.send(new byte[10_000]);
        }
        assertEquals(200_000, ca.bufferedAmount());
        p.net.runUntil(() -> ca.bufferedAmount() == 0, 10_000_000_000L);
        assertEquals(0, ca.bufferedAmount());
        assertEquals(1, ra.events.stream().filter("low"::equals).count());
    }

    @Test
    void tooLargeMessageIsRefused() {
        ChannelPair p = pair(7);
        DataChannel ca = p.a.transport().createDataChannel("big", DataChannelInit.defaults());
        p.net.runUntil(() -> !p.openedAtB.isEmpty(), 5_000_000_000L);
        assertThrows(IllegalArgumentException.class, () -> ca.send(new byte[256 * 1024 + 1]));
        ca.send(new byte[256 * 1024]);
        assertEquals(256 * 1024, ca.bufferedAmount());
        String label = new String(new byte[] {(byte) 0xE2, (byte) 0x82, (byte) 0xAC}, StandardCharsets.UTF_8);
        assertEquals("€", label);
    }

    @Test
    void invalidInitIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> DataChannelInit.defaults().withMaxRetransmits(1).withMaxPacketLifeTime(1));
        assertThrows(IllegalArgumentException.class, () -> DataChannelInit.defaults().withNegotiatedId(65535));
    }

    @Test
    void channelClosedBeforeConnectionNeverOpens() {
        ChannelPair p = new ChannelPair(SctpConfig.defaults(), LinkConditions.of(0, 0, 5, 0), 8);
        DataChannel early = p.a.transport().createDataChannel("gone", DataChannelInit.defaults());
        Recorder r = new Recorder();
        early.setListener(r);
        early.close();
        assertTrue(p.connect());
        p.net.runFor(1_000_000_000L);
        assertEquals(DataChannelState.CLOSED, early.readyState());
        assertEquals(List.of("close"), r.events);
        assertTrue(p.openedAtB.isEmpty());
        assertEquals(0, p.a.transport().createDataChannel("next", DataChannelInit.defaults()).id());
    }

    @Test
    void gracefulTransportCloseClosesChannelsOnBothSides() {
        ChannelPair p = pair(9);
        DataChannel ca = p.a.transport().createDataChannel("x", DataChannelInit.defaults());
        p.net.runUntil(() -> !p.openedAtB.isEmpty(), 5_000_000_000L);
        DataChannel cb = p.openedAtB.get(0);
        Recorder rb = new Recorder();
        cb.setListener(rb);
        ca.send("last words");
        p.a.transport().close();
        assertTrue(p.net.runUntil(() -> ca.readyState() == DataChannelState.CLOSED
                && cb.readyState() == DataChannelState.CLOSED, 10_000_000_000L));
        assertEquals("last words", rb.messages.get(0).text());
        assertEquals(List.of("close"), rb.events, "a graceful shutdown is no error");
        assertThrows(IllegalStateException.class,
                () -> p.a.transport().createDataChannel("after", DataChannelInit.defaults()));
    }

    @Test
    void abortReportsErrorToChannels() {
        ChannelPair p = pair(10);
        DataChannel ca = p.a.transport().createDataChannel("x", DataChannelInit.defaults());
        p.net.runUntil(() -> !p.openedAtB.isEmpty(), 5_000_000_000L);
        DataChannel cb = p.openedAtB.get(0);
        Recorder rb = new Recorder();
        cb.setListener(rb);
        p.a.transport().association().abort("test");
        p.net.runFor(1_000_000_000L);
        assertEquals(DataChannelState.CLOSED, cb.readyState());
        assertTrue(rb.events.get(0).startsWith("error:"), rb.events.toString());
        assertEquals("close", rb.events.get(1));
    }
}
