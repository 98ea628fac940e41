package dev.robusta.codec.rtp;

/** A payload that does not follow its RTP payload format; the packet is dropped. */
public final class RtpPayloadException extends Exception {
    private static final long serialVersionUID = 1L;

    public RtpPayloadException(String message) {
        super(message);
    }
}
