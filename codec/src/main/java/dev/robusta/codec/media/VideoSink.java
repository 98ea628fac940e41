package dev.robusta.codec.media;

import dev.robusta.codec.video.I420Frame;
import java.io.IOException;

/**
 * A file as a sink of video (Hyperpeer's {@code media_sink}): pictures are encoded, or H.264 access units received
 * from a peer are stored as they are. See {@link MediaFiles#createVideo}. Not thread-safe.
 */
public interface VideoSink extends AutoCloseable {

    /** Encodes (or stores raw, for Y4M) one picture shown at {@code ptsMicros}. */
    void write(I420Frame frame, long ptsMicros) throws IOException;

    /**
     * Stores one already-encoded H.264 access unit (Annex-B) without re-encoding.
     *
     * @throws UnsupportedOperationException for formats that hold raw pictures (Y4M)
     */
    void writeEncoded(byte[] data, int offset, int length, long ptsMicros, boolean keyFrame) throws IOException;

    @Override
    void close() throws IOException;
}
