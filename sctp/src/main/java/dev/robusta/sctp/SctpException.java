package dev.robusta.sctp;

/** An SCTP or data channel failure reported to listeners (the association ended, the peer refused a channel). */
public class SctpException extends Exception {
    private static final long serialVersionUID = 1L;

    public SctpException(String message) {
        super(message);
    }
}
