package dev.robusta.codec.h264;

import dev.robusta.codec.VideoCodecException;

/** An H.264 access unit that cannot be decoded: corrupt, truncated, missing its parameter sets, or unsupported. */
public final class H264DecodeException extends VideoCodecException {
    private static final long serialVersionUID = 1L;

    public H264DecodeException(String message) {
        super(message);
    }
}
