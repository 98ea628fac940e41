package dev.robusta.codec;

/**
 * A video bitstream or media file that cannot be decoded: corrupt, truncated, or using something this codec does
 * not support. Thrown by {@link VideoDecoder}s and media file readers; never for API misuse (that is an
 * {@link IllegalArgumentException} or {@link IllegalStateException}).
 *
 * <p>Stackless by default: corrupt input arrives from the network at packet rate, and a stack trace says nothing a
 * message does not.
 */
public class VideoCodecException extends Exception {
    private static final long serialVersionUID = 1L;

    public VideoCodecException(String message) {
        super(message, null, false, false);
    }

    public VideoCodecException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
