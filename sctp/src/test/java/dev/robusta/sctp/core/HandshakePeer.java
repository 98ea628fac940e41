package dev.robusta.sctp.core;

import java.util.List;

/** One end of an association handshake under test: ours, or a model of another stack's. Times in nanoseconds. */
interface HandshakePeer {
    /** Starts our side of the handshake (sends INIT), as a WebRTC endpoint does once DTLS is up. */
    void connect(long now);

    /** Whether {@link #connect} means anything for this peer (a pure server never sends INIT). */
    boolean initiates();

    void input(byte[] packet, long now);

    /** Everything the peer wants to send now. */
    List<byte[]> drain(long now);

    void timeout(long now);

    long deadline();

    boolean established();

    /** The tag this peer expects on packets to it, and the tag it puts on packets to the other side. */
    int localTag();

    int peerTag();

    /** Queues one message once established. */
    void send(byte[] message, long now);

    /** Messages delivered to the application so far. */
    List<byte[]> received();

    String describe();
}
