package dev.robusta.peer.sdp;

/** SDP that cannot be used: a required line missing or malformed. The message names the line. */
public final class SdpParseException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int lineNumber;

    public SdpParseException(int lineNumber, String message) {
        super(lineNumber > 0 ? "SDP line " + lineNumber + ": " + message : "SDP: " + message);
        this.lineNumber = lineNumber;
    }

    /** 1-based line number, or 0 when the problem is not on one line. */
    public int lineNumber() {
        return lineNumber;
    }
}
