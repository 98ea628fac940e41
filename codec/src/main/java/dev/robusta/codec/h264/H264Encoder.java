package dev.robusta.codec.h264;

import dev.robusta.codec.EncodedFrame;
import dev.robusta.codec.VideoEncoder;
import dev.robusta.codec.h264.encoder.FrameEncoder;
import dev.robusta.codec.h264.encoder.NalSink;
import dev.robusta.codec.h264.encoder.RateController;
import dev.robusta.codec.video.I420Frame;

/**
 * An H.264 encoder in the form WebRTC sends: constrained baseline (profile-level-id 42e0xx), Annex-B access units
 * of one slice, SPS and PPS in front of every IDR picture, an IDR picture on request (the answer to a PLI or FIR)
 * and optionally every {@code keyFrameInterval} frames, and frame-level rate control to a target bitrate that can
 * change at any time. Pure Java; see {@link FrameEncoder} for the coding tools.
 *
 * <p>Not thread-safe.
 */
public final class H264Encoder implements VideoEncoder {
    private final int width;
    private final int height;
    private final FrameEncoder core;
    private final RateController rateControl;
    private final NalSink sink;
    private final int keyFrameInterval;
    private int framesSinceKey;
    private boolean started;
    private int lastQp;
    private boolean closed;

    /**
     * @param width            picture width in pixels, even, 2 to 4096
     * @param height           picture height in pixels, even, 2 to 2304
     * @param bitsPerSecond    initial target bitrate
     * @param framesPerSecond  expected frame rate
     * @param keyFrameInterval an IDR picture every this many frames; 0 for key frames only at the start and on request
     *                         (what WebRTC does)
     */
    public H264Encoder(int width, int height, int bitsPerSecond, double framesPerSecond, int keyFrameInterval) {
        if (width < 2 || height < 2 || width > 4096 || height > 2304) {
            throw new IllegalArgumentException("H.264 encoder size " + width + "x" + height + " outside 2x2..4096x2304");
        }
        if ((width & 1) != 0 || (height & 1) != 0) {
            // 4:2:0 cropping works in pairs of pixels: an odd size cannot be signalled exactly.
            throw new IllegalArgumentException("H.264 encoder size " + width + "x" + height + " must be even");
        }
        if (keyFrameInterval < 0) {
            throw new IllegalArgumentException("key frame interval " + keyFrameInterval);
        }
        this.width = width;
        this.height = height;
        this.keyFrameInterval = keyFrameInterval;
        this.core = new FrameEncoder(width, height);
        this.rateControl = new RateController(width, height, bitsPerSecond, framesPerSecond);
        this.sink = new NalSink(64 * 1024);
    }

    /** An encoder with key frames only at the start and on request. */
    public H264Encoder(int width, int height, int bitsPerSecond, double framesPerSecond) {
        this(width, height, bitsPerSecond, framesPerSecond, 0);
    }

    @Override
    public boolean encode(I420Frame frame, boolean forceKeyFrame, EncodedFrame out) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (frame.width() != width || frame.height() != height) {
            throw new IllegalArgumentException(frame + " is not this encoder's " + width + "x" + height);
        }
        boolean key = !started || forceKeyFrame || (keyFrameInterval > 0 && framesSinceKey >= keyFrameInterval);
        if (rateControl.shouldDrop(key)) {
            rateControl.frameDropped();
            return false;
        }
        int qp = rateControl.nextQp(key);
        int n = 0;
        // A frame far over its budget (a scene the model has not seen) is encoded again at a higher QP, at most twice:
        // sending it would overflow the path's queues and cost the following frames.
        for (int attempt = 0; attempt < 3; attempt++) {
            sink.reset(out.ensureCapacity(16 * 1024));
            n = core.encode(frame.y(), frame.yOffset(), frame.yStride(), frame.u(), frame.uOffset(), frame.uStride(),
                    frame.v(), frame.vOffset(), frame.vStride(), key, qp, sink);
            int retryQp = rateControl.retryQp(key, qp, n * 8);
            if (retryQp <= qp || attempt == 2) {
                break;
            }
            core.undoLastFrame(key);
            qp = retryQp;
        }
        byte[] data = out.ensureCapacity(n);
        if (sink.data() != data) {
            System.arraycopy(sink.data(), 0, data, 0, n);
        }
        out.set(n, key, 0);
        rateControl.frameEncoded(key, qp, n * 8);
        started = true;
        framesSinceKey = key ? 1 : framesSinceKey + 1;
        lastQp = qp;
        return true;
    }

    /** The QP of the last frame encoded (for statistics). */
    public int lastQp() {
        return lastQp;
    }

    @Override
    public void setTargetBitrate(int bitsPerSecond) {
        rateControl.setTargetBitrate(bitsPerSecond);
    }

    @Override
    public void setFrameRate(double framesPerSecond) {
        rateControl.setFrameRate(framesPerSecond);
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    /** The picture a decoder shows for the last frame, copied into {@code out} (for tests and quality figures). */
    public void reconstruction(I420Frame out) {
        out.reshape(width, height);
        org.jcodec.common.model.Picture p = core.reconstruction();
        JcodecPictures.copySigned(p.getPlaneData(0), 0, p.getPlaneWidth(0), out.y(), out.yOffset(), out.yStride(),
                width, height);
        JcodecPictures.copySigned(p.getPlaneData(1), 0, p.getPlaneWidth(1), out.u(), out.uOffset(), out.uStride(),
                out.chromaWidth(), out.chromaHeight());
        JcodecPictures.copySigned(p.getPlaneData(2), 0, p.getPlaneWidth(2), out.v(), out.vOffset(), out.vStride(),
                out.chromaWidth(), out.chromaHeight());
    }

    @Override
    public void close() {
        closed = true;
    }
}
