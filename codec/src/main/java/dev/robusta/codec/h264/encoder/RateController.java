package dev.robusta.codec.h264.encoder;

/**
 * Frame-level rate control: picks each frame's QP so that the stream meets a target bitrate, which may change at
 * any time.
 *
 * <p>Model: a frame's size is about {@code complexity * 2^(-qp / 6)} (each +6 QP halves the bits). Complexity is
 * learnt per frame type from the frames sent (a moving average); the bits each frame may spend are the per-frame
 * budget corrected by a leaky bucket so that over- and under-shoot are paid back within about half a second.
 * Key frames get several frames' budget and are paid back by the frames after them.
 */
public final class RateController {
    public static final int MIN_QP = 12;
    public static final int MAX_QP = 51;
    private static final double KEY_FRAME_SHARE = 6.0;

    private double bitsPerSecond;
    private double framesPerSecond;
    /** Bits sent minus bits budgeted: positive when the stream is over its rate. */
    private double bucketBits;
    private double keyComplexity = -1;
    private double interComplexity = -1;
    private int lastQp = -1;
    private final int pixels;

    public RateController(int width, int height, int bitsPerSecond, double framesPerSecond) {
        this.pixels = width * height;
        setTargetBitrate(bitsPerSecond);
        setFrameRate(framesPerSecond);
    }

    public void setTargetBitrate(int bps) {
        if (bps < 1000) {
            throw new IllegalArgumentException("bitrate " + bps + " below 1000 bit/s");
        }
        this.bitsPerSecond = bps;
        bucketBits = Math.min(bucketBits, bps); // a sudden drop should not be paid for for seconds
    }

    public void setFrameRate(double fps) {
        if (!(fps > 0 && fps <= 1000)) {
            throw new IllegalArgumentException("frame rate " + fps + " outside (0, 1000]");
        }
        this.framesPerSecond = fps;
    }

    public int targetBitrate() {
        return (int) bitsPerSecond;
    }

    private double frameBudget() {
        return bitsPerSecond / framesPerSecond;
    }

    /** True when the stream is so far over its rate (more than a second's worth) that this frame should be dropped. */
    public boolean shouldDrop(boolean keyFrame) {
        return !keyFrame && bucketBits > bitsPerSecond;
    }

    /** The QP for the next frame. */
    public int nextQp(boolean keyFrame) {
        double budget = frameBudget();
        double target = keyFrame ? budget * KEY_FRAME_SHARE : budget;
        // Pay back (or spend) the bucket over about half a second of frames.
        target -= bucketBits / Math.max(1, framesPerSecond / 2);
        target = Math.max(target, budget / 4);
        double complexity = keyFrame ? keyComplexity : interComplexity;
        int qp;
        if (complexity < 0) {
            qp = initialQp(keyFrame ? target / KEY_FRAME_SHARE : target);
            if (!keyFrame && keyComplexity > 0 && lastQp > 0) {
                qp = lastQp + 2; // after the first key frame, inter frames cost much less at the same QP
            }
        } else {
            qp = (int) Math.round(6 * log2(complexity / target));
            if (lastQp > 0 && !keyFrame) {
                qp = Math.max(lastQp - 3, qp); // fall slowly: a cheap frame is often followed by a dear one
            }
        }
        qp = Math.max(MIN_QP, Math.min(MAX_QP, qp));
        lastQp = keyFrame ? Math.max(qp, lastQp) : qp;
        return qp;
    }

    /**
     * The QP to encode a frame again at when it came out far over its target (more than twice the bits the model
     * allowed), else {@code qp} itself.
     */
    public int retryQp(boolean keyFrame, int qp, int bits) {
        double allowed = 2 * frameBudget() * (keyFrame ? KEY_FRAME_SHARE : 1);
        if (bits <= allowed || qp >= MAX_QP) {
            return qp;
        }
        int step = (int) Math.ceil(6 * log2(bits / (allowed / 2)));
        return Math.min(MAX_QP, qp + Math.max(2, step));
    }

    /** Records what a frame cost. */
    public void frameEncoded(boolean keyFrame, int qp, int bits) {
        double complexity = bits * Math.pow(2, qp / 6.0);
        if (keyFrame) {
            keyComplexity = keyComplexity < 0 ? complexity : 0.5 * keyComplexity + 0.5 * complexity;
        } else {
            interComplexity = interComplexity < 0 ? complexity : 0.6 * interComplexity + 0.4 * complexity;
        }
        bucketBits += bits - frameBudget();
        // Under-use is not banked beyond a second: a quiet scene must not buy a later burst.
        bucketBits = Math.max(bucketBits, -bitsPerSecond);
    }

    /** Records a dropped frame: its budget drains the bucket. */
    public void frameDropped() {
        bucketBits -= frameBudget();
    }

    /** A starting QP from the bits per pixel of a frame's budget (a rough fit to typical camera content). */
    private int initialQp(double frameBits) {
        double bpp = frameBits / pixels;
        int qp = (int) Math.round(26 - 6 * log2(bpp / 0.1));
        return Math.max(18, Math.min(45, qp));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
