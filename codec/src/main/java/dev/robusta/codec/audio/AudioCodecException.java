package dev.robusta.codec.audio;

/**
 * An audio packet that cannot be decoded (corrupt, truncated, or of a configuration the decoder does not take).
 * Stackless: corrupt input arrives from the network at packet rate, and a stack trace says nothing a message does
 * not. Never thrown for API misuse (that is an {@link IllegalArgumentException}).
 */
public final class AudioCodecException extends Exception {
    private static final long serialVersionUID = 1L;

    public AudioCodecException(String message) {
        super(message, null, false, false);
    }
}
