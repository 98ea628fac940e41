package dev.robusta.rtp;

/**
 * An RTP or RTCP packet from the network that does not follow its format (truncated, wrong version, lengths or
 * counts that overrun the datagram, bad padding, bad header extensions). The caller drops the packet and counts
 * it; nothing else is thrown for bad network input.
 */
public final class MalformedPacketException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedPacketException(String message) {
        super(message);
    }
}
