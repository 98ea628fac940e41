package dev.robusta.codec.vp8;

import dev.robusta.codec.VideoCodecException;

/** A VP8 frame that cannot be decoded: corrupt, truncated, or out of order (an inter frame before any key frame). */
public final class Vp8DecodeException extends VideoCodecException {
    private static final long serialVersionUID = 1L;

    public Vp8DecodeException(String message) {
        super(message);
    }
}
