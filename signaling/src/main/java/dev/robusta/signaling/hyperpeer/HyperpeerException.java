package dev.robusta.signaling.hyperpeer;

import dev.robusta.signaling.SignalingException;

/** An {@code error} message of the Hyperpeer server, e.g. {@code ERR_PEER_BUSY} / {@code Remote peer is busy!}. */
public final class HyperpeerException extends SignalingException {
    private static final long serialVersionUID = 1L;
    private final String code;

    public HyperpeerException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    /** The server's error code, e.g. {@code ERR_PEER_NOT_FOUND}. */
    public String code() {
        return code;
    }
}
