package dev.robusta.codec.media;

import dev.robusta.codec.VideoCodecException;
import dev.robusta.codec.video.I420Frame;
import java.io.IOException;

/**
 * A file as a source of decoded pictures (Hyperpeer's {@code media_source}): see {@link MediaFiles#openVideo}.
 * Not thread-safe.
 */
public interface VideoSource extends AutoCloseable {

    /**
     * Reads and decodes the next picture into {@code out}.
     *
     * @return false at the end of the file
     * @throws VideoCodecException when the file or its bitstream is damaged
     */
    boolean next(I420Frame out) throws IOException, VideoCodecException;

    /** The nominal frame rate (from the container, or 30 when the format has none). */
    double frameRate();

    @Override
    void close() throws IOException;
}
