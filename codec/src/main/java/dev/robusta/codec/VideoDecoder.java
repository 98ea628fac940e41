package dev.robusta.codec;

import dev.robusta.codec.video.I420Frame;

/**
 * A video decoder shared by every codec (VP8 and H.264): a plain synchronous object that the caller runs off
 * the I/O event loop, one compressed frame at a time, in decoding order.
 *
 * <p>Not thread-safe. After a {@link VideoCodecException} the decoder is still usable: the bad frame is dropped and
 * the reference state is what it was before it (later inter frames may then show artefacts until a key frame).
 */
public interface VideoDecoder extends AutoCloseable {

    /**
     * Decodes one compressed frame and, when the frame is meant to be shown, writes the picture into {@code out}.
     *
     * @param data   the compressed frame; borrowed for the call only
     * @param offset where the frame starts in {@code data}
     * @param length its length in bytes
     * @param out    the frame to write into; {@link I420Frame#reshape(int, int) reshaped} to the stream's size when
     *               it differs (which allocates only when the frame's own planes are too small)
     * @return true when a picture was written to {@code out}; false for a frame that is decoded but not shown (a
     *         VP8 alt-ref frame, for example) or an empty frame
     * @throws VideoCodecException when the frame is corrupt or truncated, or the stream does not start with a key
     *                             frame
     */
    boolean decode(byte[] data, int offset, int length, I420Frame out) throws VideoCodecException;

    /** Width in pixels of the stream as of the last key frame, or 0 before the first one. */
    int width();

    /** Height in pixels of the stream as of the last key frame, or 0 before the first one. */
    int height();

    /** Forgets all reference state: the next frame must be a key frame. */
    void reset();

    @Override
    void close();
}
