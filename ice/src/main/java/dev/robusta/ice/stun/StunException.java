package dev.robusta.ice.stun;

/**
 * A STUN message (or a TURN ChannelData frame) that cannot be accepted: malformed bytes from the network, or a
 * message that fails its integrity or fingerprint check. The only exception the codecs throw on bad input.
 */
public final class StunException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the input was refused; lets callers count drops by cause without parsing messages. */
    public enum Reason {
        /** Not a STUN message at all (first bits, magic cookie, or size). */
        NOT_STUN,
        /** Fewer bytes than the header or an attribute says. */
        TRUNCATED,
        /** A length field that contradicts the datagram or the attribute's definition. */
        BAD_LENGTH,
        /** An attribute that does not end on a 32-bit boundary of the message. */
        BAD_PADDING,
        /** An attribute whose value is not what its type defines (address family, error class...). */
        BAD_ATTRIBUTE,
        /** More attributes than any sane message carries. */
        TOO_MANY_ATTRIBUTES,
        /** FINGERPRINT that is not last or does not match. */
        BAD_FINGERPRINT,
        /** MESSAGE-INTEGRITY(-SHA256) missing where required, or wrong. */
        BAD_INTEGRITY,
        /** A TURN ChannelData frame that is malformed. */
        BAD_CHANNEL_DATA
    }

    private final Reason reason;

    public StunException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
