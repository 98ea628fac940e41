package dev.robusta.demo;

import static org.junit.jupiter.api.Assertions.*;

import dev.robusta.sctp.DataChannel;
import dev.robusta.sctp.DataChannelInit;
import dev.robusta.sctp.DataChannelListener;
import dev.robusta.sctp.DataChannelMessage;
import dev.robusta.sctp.DataChannelState;
import dev.robusta.sctp.SctpConfig;
import dev.robusta.sctp.SctpTransportListener;
import io.netty.channel.nio.NioEventLoopGroup;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Data channels over our SCTP over our DTLS over our ICE on loopback UDP. */
@Timeout(120)
class DataChannelOverDtlsIceTest {
    private static NioEventLoopGroup group;

    @BeforeAll
    static void start() {
        group = new NioEventLoopGroup(2);
    }

    @AfterAll
    static void stop() throws Exception {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** Remembers the channels the peer opens, and each channel's messages and close. */
    private static final class Side implements SctpTransportListener {
        final BlockingQueue<DataChannel> opened = new LinkedBlockingQueue<>();

        @Override
        public void onDataChannel(DataChannel channel) {
            opened.add(channel);
        }
    }

    private static final class Inbox implements DataChannelListener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> open = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();

        @Override
        public void onOpen(DataChannel channel) {
            open.complete(null);
        }

        @Override
        public void onMessage(DataChannel channel, DataChannelMessage message) {
            messages.add(message.text());
        }

        @Override
        public void onClose(DataChannel channel) {
            closed.complete(null);
        }
    }

    @Test
    void channelsOpenAndCloseFromEitherSideAndIdsAreReused() throws Exception {
        Side sa = new Side();
        Side sb = new Side();
        try (DataChannelLoopbackPair pair = DataChannelLoopbackPair.connect(group, SctpConfig.defaults(), sa, sb)) {
            for (int round = 0; round < 2; round++) {
                // A opens (even id), B opens (odd id).
                DataChannel fromA = pair.a().sctp().createDataChannel("from-a", DataChannelInit.defaults());
                Inbox ia = new Inbox();
                fromA.setListener(ia);
                DataChannel fromB = pair.b().sctp().createDataChannel("from-b",
                        DataChannelInit.defaults().withOrdered(false).withMaxRetransmits(2));
                Inbox ib = new Inbox();
                fromB.setListener(ib);
                assertEquals(0, fromA.id(), "round " + round + ": id 0 (re)used");
                assertEquals(1, fromB.id(), "round " + round + ": id 1 (re)used");
                DataChannel atB = sb.opened.poll(10, TimeUnit.SECONDS);
                DataChannel atA = sa.opened.poll(10, TimeUnit.SECONDS);
                assertNotNull(atB);
                assertNotNull(atA);
                assertEquals("from-a", atB.label());
                assertEquals("from-b", atA.label());
                assertEquals(2, atA.maxRetransmits());
                Inbox iAtB = new Inbox();
                atB.setListener(iAtB);
                Inbox iAtA = new Inbox();
                atA.setListener(iAtA);
                ia.open.get(10, TimeUnit.SECONDS);
                ib.open.get(10, TimeUnit.SECONDS);
                fromA.send("hello B " + round);
                fromB.send("hello A " + round);
                atB.send("reply to A " + round);
                assertEquals("hello B " + round, iAtB.messages.poll(10, TimeUnit.SECONDS));
                assertEquals("hello A " + round, iAtA.messages.poll(10, TimeUnit.SECONDS));
                assertEquals("reply to A " + round, ia.messages.poll(10, TimeUnit.SECONDS));
                // Round 0: each side closes the channel it opened; round 1: the other side closes it.
                (round == 0 ? fromA : atB).close();
                (round == 0 ? fromB : atA).close();
                for (Inbox i : new Inbox[] {ia, ib, iAtA, iAtB}) {
                    i.closed.get(10, TimeUnit.SECONDS);
                }
                assertEquals(DataChannelState.CLOSED, fromA.readyState());
                assertEquals(DataChannelState.CLOSED, atB.readyState());
            }
        }
    }

    @Test
    void bulkTransferArrivesIntact() throws Exception {
        Side sa = new Side();
        Side sb = new Side();
        try (DataChannelLoopbackPair pair = DataChannelLoopbackPair.connect(group, SctpConfig.defaults(), sa, sb)) {
            DataChannel tx = pair.a().sctp().createDataChannel("bulk", DataChannelInit.defaults());
            DataChannel rx = sb.opened.poll(10, TimeUnit.SECONDS);
            assertNotNull(rx);
            int count = 60;
            MessageDigest got = MessageDigest.getInstance("SHA-256");
            CountDownLatch done = new CountDownLatch(count);
            rx.setListener(new DataChannelListener() {
                @Override
                public void onMessage(DataChannel channel, DataChannelMessage message) {
                    got.update(message.bytes());
                    done.countDown();
                }
            });
            Semaphore room = new Semaphore(0);
            tx.setBufferedAmountLowThreshold(1 << 20);
            tx.setListener(new DataChannelListener() {
                @Override
                public void onBufferedAmountLow(DataChannel channel) {
                    room.release();
                }
            });
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            Random r = new Random(1);
            for (int i = 0; i < count; i++) {
                byte[] m = new byte[1 + r.nextInt(200_000)];
                r.nextBytes(m);
                sent.update(m);
                while (tx.bufferedAmount() > 4 << 20) {
                    room.tryAcquire(100, TimeUnit.MILLISECONDS);
                }
                tx.send(m);
            }
            assertTrue(done.await(60, TimeUnit.SECONDS), done.getCount() + " messages missing");
            assertArrayEquals(sent.digest(), got.digest());
        }
    }
}
