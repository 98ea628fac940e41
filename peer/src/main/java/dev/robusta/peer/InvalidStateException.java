package dev.robusta.peer;

/** W3C InvalidStateError: the call is not allowed in the connection's current state. */
public final class InvalidStateException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public InvalidStateException(String message) {
        super(message);
    }
}
