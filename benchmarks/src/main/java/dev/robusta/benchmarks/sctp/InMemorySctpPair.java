package dev.robusta.benchmarks.sctp;

import dev.robusta.sctp.DataChannel;
import dev.robusta.sctp.DataChannelInit;
import dev.robusta.sctp.DataChannelListener;
import dev.robusta.sctp.DataChannelMessage;
import dev.robusta.sctp.SctpConfig;
import dev.robusta.sctp.SctpTransport;
import dev.robusta.sctp.SctpTransportListener;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Two SCTP transports joined in memory on one thread (no crypto, no loss, no delay), with one reliable ordered
 * channel from A to B. Packets go straight from one side's {@code pollTransmit} to the other's
 * {@code handleInput}; time is virtual (a microsecond per exchange round, jumping to the next deadline when both
 * sides are idle), so timers behave as on a fast link.
 */
public final class InMemorySctpPair {
    private final SctpTransport a;
    private final SctpTransport b;
    private final DataChannel channel;
    private DataChannel remote;
    private long now = 1_000_000_000L;
    private long bytesReceived;
    private long messagesReceived;

    public InMemorySctpPair(int maxMessageSize) {
        SctpConfig config = SctpConfig.defaults().withMaxMessageSize(maxMessageSize, maxMessageSize);
        a = new SctpTransport(config, true, new Random(1), () -> { });
        b = new SctpTransport(config, false, new Random(2), () -> { });
        b.setListener(new SctpTransportListener() {
            @Override
            public void onDataChannel(DataChannel ch) {
                remote = ch;
                ch.setListener(new DataChannelListener() {
                    @Override
                    public void onMessage(DataChannel c, DataChannelMessage message) {
                        bytesReceived += message.size();
                        messagesReceived++;
                    }
                });
            }
        });
        a.start(now);
        b.start(now);
        pumpUntil(() -> a.isConnected() && b.isConnected());
        channel = a.createDataChannel("bench", DataChannelInit.defaults());
        pumpUntil(() -> remote != null);
    }

    public DataChannel channel() {
        return channel;
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    public long messagesReceived() {
        return messagesReceived;
    }

    public long retransmissions() {
        return a.association().retransmittedChunks();
    }

    private void pumpUntil(java.util.function.BooleanSupplier done) {
        for (int i = 0; i < 1_000_000 && !done.getAsBoolean(); i++) {
            round();
        }
        if (!done.getAsBoolean()) {
            throw new IllegalStateException("in-memory SCTP pair did not get there");
        }
    }

    /** One exchange: everything A has goes to B, then everything B has goes to A. False when both were idle. */
    public boolean round() {
        now += 1_000;
        a.runPendingCalls(now);
        b.runPendingCalls(now);
        int moved = 0;
        ByteBuffer p;
        while ((p = a.pollTransmit(now)) != null) {
            b.handleInput(p, now);
            moved++;
        }
        while ((p = b.pollTransmit(now)) != null) {
            a.handleInput(p, now);
            moved++;
        }
        if (moved == 0) {
            long next = Math.min(a.nextDeadline(), b.nextDeadline());
            if (next != Long.MAX_VALUE) {
                now = Math.max(now, next);
                a.handleTimeout(now);
                b.handleTimeout(now);
            }
            return false;
        }
        return true;
    }

    /** Sends one message, then exchanges packets while more than {@code queuedBytes} wait at A. */
    public void send(byte[] message, long queuedBytes) {
        channel.send(message);
        while (channel.bufferedAmount() > queuedBytes) {
            round();
        }
    }

    /** Exchanges packets until everything sent has arrived. */
    public void drain(long expectedBytes) {
        for (int i = 0; i < 10_000_000 && bytesReceived < expectedBytes; i++) {
            round();
        }
    }
}
