package dev.robusta.codec.video;

import dev.robusta.codec.VideoCodecException;

/** A media file (IVF, Y4M) that is malformed, truncated, or in a variant this reader does not take. */
public final class MediaFormatException extends VideoCodecException {
    private static final long serialVersionUID = 1L;

    public MediaFormatException(String message) {
        super(message);
    }
}
