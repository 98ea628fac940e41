package dev.robusta.sctp;

/** A data channel's readyState (W3C RTCDataChannelState). */
public enum DataChannelState {
    /** Created; waiting for the SCTP association (or, for the opener, the association to carry the OPEN). */
    CONNECTING,
    /** Messages may be sent and received. */
    OPEN,
    /** Closing: the stream is being reset (RFC 8831 6.7); queued messages are still sent. */
    CLOSING,
    /** Closed: both directions of the stream are reset, or the association ended. */
    CLOSED
}
