package dev.robusta.dtls;

/** What our Bouncy Castle peers tell the transport about while they run. */
interface PeerEvents {
    /** An alert came from the peer: a warning-level close_notify closes, a fatal one fails. */
    void alertReceived(short level, short description);

    /** We are about to send a fatal alert. */
    void alertRaised(short level, short description, String message, Throwable cause);
}
