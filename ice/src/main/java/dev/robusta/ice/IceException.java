package dev.robusta.ice;

/** ICE could not do what was asked: no working pair, consent lost, no usable interface, or closed. */
public class IceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IceException(String message) {
        super(message);
    }

    public IceException(String message, Throwable cause) {
        super(message, cause);
    }
}
