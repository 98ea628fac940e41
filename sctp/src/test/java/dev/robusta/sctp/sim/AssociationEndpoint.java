package dev.robusta.sctp.sim;

import dev.robusta.sctp.core.SctpAssociation;
import java.nio.ByteBuffer;

/** A bare association as a simulation endpoint. */
public record AssociationEndpoint(SctpAssociation association) implements SimEndpoint {
    @Override
    public void input(byte[] packet, long now) {
        association.handleInput(packet, 0, packet.length, now);
    }

    @Override
    public ByteBuffer poll(long now) {
        return association.pollTransmit(now);
    }

    @Override
    public void timeout(long now) {
        association.handleTimeout(now);
    }

    @Override
    public long deadline() {
        return association.nextDeadline();
    }
}
