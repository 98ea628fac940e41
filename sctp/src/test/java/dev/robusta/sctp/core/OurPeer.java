package dev.robusta.sctp.core;

import dev.robusta.sctp.SctpConfig;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Our {@link SctpAssociation} as a {@link HandshakePeer}. */
final class OurPeer implements HandshakePeer {
    private final SctpAssociation association;
    private final List<byte[]> received = new ArrayList<>();

    OurPeer(long seed) {
        this.association = new SctpAssociation(SctpConfig.defaults(), new Random(seed));
    }

    @Override
    public void connect(long now) {
        // As SctpTransport.start: a handshake the peer's INIT already started or finished needs no INIT of ours.
        if (association.state() == SctpAssociation.State.CLOSED && !association.isEnded()) {
            association.connect(now);
        }
    }

    @Override
    public boolean initiates() {
        return true;
    }

    @Override
    public void input(byte[] packet, long now) {
        association.handleInput(packet, 0, packet.length, now);
        collectEvents();
    }

    @Override
    public List<byte[]> drain(long now) {
        List<byte[]> out = new ArrayList<>();
        ByteBuffer b;
        while ((b = association.pollTransmit(now)) != null) {
            out.add(Packets.bytes(b));
        }
        collectEvents();
        return out;
    }

    @Override
    public void timeout(long now) {
        association.handleTimeout(now);
        collectEvents();
    }

    @Override
    public long deadline() {
        return association.nextDeadline();
    }

    @Override
    public boolean established() {
        return association.isEstablished();
    }

    @Override
    public int localTag() {
        return association.localTag();
    }

    @Override
    public int peerTag() {
        return association.peerTag();
    }

    @Override
    public void send(byte[] message, long now) {
        association.send(0, 51, message.clone(), 0, message.length, false, -1, -1, now);
    }

    @Override
    public List<byte[]> received() {
        return received;
    }

    /** Whether the association ended (an error, for a handshake that should converge). */
    boolean ended() {
        return association.isEnded();
    }

    @Override
    public String describe() {
        return "ours[" + association.debugState() + " tag=" + Integer.toUnsignedString(localTag())
                + " peerTag=" + Integer.toUnsignedString(peerTag()) + "]";
    }

    private void collectEvents() {
        SctpEvent e;
        while ((e = association.pollEvent()) != null) {
            if (e instanceof SctpEvent.Message m) {
                received.add(m.data());
            }
        }
    }
}
