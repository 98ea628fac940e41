package dev.robusta.signaling;

/**
 * A signalling failure with a message meant for people: a server that cannot start (bad TLS files, port in use), a
 * client whose handshake was refused, a request the server answered with an error.
 */
public class SignalingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SignalingException(String message) {
        super(message);
    }

    public SignalingException(String message, Throwable cause) {
        super(message, cause);
    }
}
