package dev.robusta.dtls.srtp;

/**
 * Why {@link SrtpSession} refused a packet. The packet is left for the caller to drop; the session is unchanged
 * (no replay-window or rollover-counter update) and stays usable.
 *
 * <p>One immutable instance exists per {@link Reason} (no stack trace, no suppression, no settable cause), so a
 * flood of bad packets costs no allocation. Compare {@link #reason()}, not identity.
 */
public final class SrtpException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The kinds of bad input and misuse, each counted in {@link SrtpStats}. */
    public enum Reason {
        /** The packet is shorter than its header, authentication tag or SRTCP index need. */
        TRUNCATED("packet too short for its header, tag or SRTCP index"),
        /** Not RTP/RTCP version 2, or its header (CSRCs, extension) runs past the packet. */
        MALFORMED("not a version 2 RTP/RTCP packet, or its header runs past the packet"),
        /** The authentication tag does not match: forged, corrupted, or under other keys. */
        AUTH_FAILED("authentication tag mismatch"),
        /** This packet index was already received (RFC 3711 section 3.3.2). */
        REPLAYED("packet index already received"),
        /** The packet index is older than the replay window covers. */
        TOO_OLD("packet index older than the replay window"),
        /** The SSRC is not admitted, or the session already tracks as many streams as configured. */
        UNKNOWN_SSRC("SSRC not admitted or stream limit reached"),
        /** The caller's buffer has no room after the packet for the tag (and SRTCP index). */
        NO_ROOM("no room in the buffer for the authentication tag"),
        /** Offset and length do not lie inside the buffer. */
        INVALID_RANGE("offset and length outside the buffer"),
        /** The rollover counter or the 31-bit SRTCP index would wrap: the keys must be renegotiated. */
        KEY_EXHAUSTED("packet index space exhausted; rekey");

        private final String description;
        private final SrtpException exception;

        Reason(String description) {
            this.description = description;
            this.exception = new SrtpException(this, description);
        }

        public String description() {
            return description;
        }
    }

    private final Reason reason;

    private SrtpException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** The shared exception for a reason. */
    static SrtpException of(Reason reason) {
        return reason.exception;
    }

    public Reason reason() {
        return reason;
    }

    /** Shared instances must not change: a cause cannot be attached. */
    @Override
    public synchronized Throwable initCause(Throwable cause) {
        throw new IllegalStateException("SrtpException instances are shared and immutable");
    }

    @Override
    public String toString() {
        return "SrtpException[" + reason + ": " + getMessage() + "]";
    }
}
