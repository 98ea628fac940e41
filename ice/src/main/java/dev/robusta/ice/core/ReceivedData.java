package dev.robusta.ice.core;

import java.net.InetSocketAddress;

/**
 * Where the application payload of a received datagram lies, filled by
 * {@link IceAgentCore#handleDatagram}: {@code array[offset..offset+length)} of the caller's own bytes, so data
 * (even TURN-relayed data) goes up without a copy. Reused by the caller across datagrams.
 */
public final class ReceivedData {
    /** Offset of the payload in the datagram's array. */
    public int offset;
    /** Payload length. */
    public int length;
    /** The remote candidate's address the payload came from. */
    public InetSocketAddress remote;

    void set(int offset, int length, InetSocketAddress remote) {
        this.offset = offset;
        this.length = length;
        this.remote = remote;
    }
}
