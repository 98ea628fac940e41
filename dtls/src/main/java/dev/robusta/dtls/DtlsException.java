package dev.robusta.dtls;

/** A DTLS connection failed or refused an operation; {@link #reason()} says why in a form code can test. */
public final class DtlsException extends Exception {

    public enum Reason {
        /** The peer's certificate does not match any fingerprint the application gave. */
        FINGERPRINT_MISMATCH,
        /** The peer sent no certificate (WebRTC requires mutual authentication). */
        NO_PEER_CERTIFICATE,
        /** The handshake did not finish within the configured time (including a peer that never answers). */
        HANDSHAKE_TIMEOUT,
        /** The peer sent a fatal alert. */
        ALERT_RECEIVED,
        /** We raised a fatal alert: the peer broke the protocol or we could not agree on parameters. */
        PROTOCOL_ERROR,
        /** The peer offered no SRTP protection profile we accept, and SRTP was required. */
        NO_COMMON_SRTP_PROFILE,
        /** The transport is closed (locally or by the peer's close_notify) or not yet connected. */
        CLOSED,
        /** The handshake executor refused the work (too many handshakes at once). */
        REJECTED
    }

    private final Reason reason;

    public DtlsException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DtlsException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
