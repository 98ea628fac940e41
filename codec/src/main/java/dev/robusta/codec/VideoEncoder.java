package dev.robusta.codec;

import dev.robusta.codec.video.I420Frame;

/**
 * A real-time video encoder shared by every codec (VP8 and H.264): a plain synchronous object that the
 * caller runs off the I/O event loop, one raw frame at a time.
 *
 * <p>Size is fixed at construction; frame rate and target bitrate can change at run time (a congestion controller's
 * estimate). Not thread-safe.
 */
public interface VideoEncoder extends AutoCloseable {

    /**
     * Encodes one frame.
     *
     * @param frame         the picture, of this encoder's {@link #width()} and {@link #height()}; borrowed for the
     *                      call only
     * @param forceKeyFrame true to make this frame a key frame (the answer to a PLI or FIR)
     * @param out           receives the compressed frame; its buffer grows when too small
     * @return true when a frame was produced; false when rate control dropped this one (nothing to send)
     */
    boolean encode(I420Frame frame, boolean forceKeyFrame, EncodedFrame out);

    /** Sets the target bitrate, taking effect from the next frame. */
    void setTargetBitrate(int bitsPerSecond);

    /** Sets the expected frame rate, which rate control uses to spread the bitrate over frames. */
    void setFrameRate(double framesPerSecond);

    int width();

    int height();

    @Override
    void close();
}
