package dev.robusta.sctp.sim;

import dev.robusta.sctp.SctpConfig;
import dev.robusta.sctp.SctpTransport;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/** An {@link SctpTransport} as a simulation endpoint; its wakeup marks calls pending for the next step. */
public final class TransportEndpoint implements SimEndpoint {
    private final AtomicBoolean woken = new AtomicBoolean();
    private final SctpTransport transport;

    public TransportEndpoint(SctpConfig config, boolean dtlsClient, long seed) {
        transport = new SctpTransport(config, dtlsClient, new Random(seed), () -> woken.set(true));
    }

    public SctpTransport transport() {
        return transport;
    }

    @Override
    public void input(byte[] packet, long now) {
        transport.handleInput(packet, 0, packet.length, now);
    }

    @Override
    public ByteBuffer poll(long now) {
        return transport.pollTransmit(now);
    }

    @Override
    public void timeout(long now) {
        transport.handleTimeout(now);
    }

    @Override
    public long deadline() {
        return transport.nextDeadline();
    }

    @Override
    public void runCalls(long now) {
        woken.set(false);
        transport.runPendingCalls(now);
    }

    @Override
    public boolean callsPending() {
        return woken.get();
    }
}
