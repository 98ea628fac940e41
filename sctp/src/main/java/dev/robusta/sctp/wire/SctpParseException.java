package dev.robusta.sctp.wire;

/**
 * A chunk, parameter or message that does not follow its format. Thrown by the parsers of this package only;
 * stackless, since bad input from the network is routine and is dropped or answered, never propagated.
 */
public final class SctpParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public SctpParseException(String message) {
        super(message, null, false, false);
    }
}
