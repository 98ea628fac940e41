package dev.robusta.ice;

/** The ICE transport state, named as W3C's RTCIceTransportState. */
public enum IceConnectionState {
    /** Gathering or waiting for remote candidates; no checks yet. */
    NEW,
    /** Checks are running and no pair is selected yet. */
    CHECKING,
    /** A pair is selected and has consent. */
    CONNECTED,
    /** Connected, and checking is finished: no more remote candidates will come and no pair is pending. */
    COMPLETED,
    /** Consent checks on the selected pair went unanswered; it may recover. */
    DISCONNECTED,
    /** No pair works, or consent expired (RFC 7675: 30 s without a response). Final until an ICE restart. */
    FAILED,
    /** Closed by the application. Final. */
    CLOSED
}
