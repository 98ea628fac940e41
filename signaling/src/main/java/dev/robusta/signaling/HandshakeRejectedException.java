package dev.robusta.signaling;

/** A client's WebSocket upgrade was refused by the server with an HTTP status (e.g. 401, 403, 404, 400). */
public final class HandshakeRejectedException extends SignalingException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String reason;

    public HandshakeRejectedException(int status, String reason) {
        super("WebSocket handshake refused: HTTP " + status + " " + reason);
        this.status = status;
        this.reason = reason;
    }

    /** The HTTP status code, e.g. 401. */
    public int status() {
        return status;
    }

    /** The status line's reason phrase, e.g. {@code Bad Request - Space Full}. */
    public String reason() {
        return reason;
    }
}
