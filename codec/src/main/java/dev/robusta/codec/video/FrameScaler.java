package dev.robusta.codec.video;

/**
 * Bilinear scaling from one picture size to another, for I420 and RGB24 frames. Pixel centres are aligned (a
 * destination pixel samples the source at {@code (x + 0.5) * srcWidth / dstWidth - 0.5}, clamped at the edges) and
 * weights have 8 fractional bits.
 *
 * <p>One instance serves one pair of sizes and keeps its coordinate tables, so scaling allocates nothing.
 */
public final class FrameScaler {
    private final int srcWidth;
    private final int srcHeight;
    private final int dstWidth;
    private final int dstHeight;
    private final Axis lumaX;
    private final Axis lumaY;
    private final Axis chromaX;
    private final Axis chromaY;

    public FrameScaler(int srcWidth, int srcHeight, int dstWidth, int dstHeight) {
        I420Frame.checkSize(srcWidth, srcHeight);
        I420Frame.checkSize(dstWidth, dstHeight);
        this.srcWidth = srcWidth;
        this.srcHeight = srcHeight;
        this.dstWidth = dstWidth;
        this.dstHeight = dstHeight;
        lumaX = new Axis(srcWidth, dstWidth);
        lumaY = new Axis(srcHeight, dstHeight);
        chromaX = new Axis(I420Frame.chromaWidth(srcWidth), I420Frame.chromaWidth(dstWidth));
        chromaY = new Axis(I420Frame.chromaHeight(srcHeight), I420Frame.chromaHeight(dstHeight));
    }

    /** Scales {@code src} (of this scaler's source size) into {@code dst} (of its destination size). */
    public void scale(I420Frame src, I420Frame dst) {
        check(src, dst);
        scalePlane(src.y(), src.yOffset(), src.yStride(), dst.y(), dst.yOffset(), dst.yStride(), lumaX, lumaY, 1);
        scalePlane(src.u(), src.uOffset(), src.uStride(), dst.u(), dst.uOffset(), dst.uStride(), chromaX, chromaY, 1);
        scalePlane(src.v(), src.vOffset(), src.vStride(), dst.v(), dst.vOffset(), dst.vStride(), chromaX, chromaY, 1);
    }

    /** Scales {@code src} (of this scaler's source size) into {@code dst} (of its destination size). */
    public void scale(Rgb24Frame src, Rgb24Frame dst) {
        check(src, dst);
        scalePlane(src.data(), src.offset(), src.stride(), dst.data(), dst.offset(), dst.stride(), lumaX, lumaY, 3);
    }

    private void check(VideoFrame src, VideoFrame dst) {
        if (src.width() != srcWidth || src.height() != srcHeight || dst.width() != dstWidth
                || dst.height() != dstHeight) {
            throw new IllegalArgumentException("this scaler goes from " + srcWidth + "x" + srcHeight + " to "
                    + dstWidth + "x" + dstHeight + ", not " + src + " to " + dst);
        }
    }

    /**
     * The bilinear kernel over one plane of interleaved samples ({@code channels} bytes per pixel), with the
     * precomputed source positions and weights of both axes.
     */
    private static void scalePlane(byte[] src, int srcOffset, int srcStride, byte[] dst, int dstOffset,
                                   int dstStride, Axis ax, Axis ay, int channels) {
        int[] x0 = ax.index0;
        int[] x1 = ax.index1;
        int[] fx = ax.weight;
        for (int row = 0; row < ay.length; row++) {
            int top = srcOffset + ay.index0[row] * srcStride;
            int bottom = srcOffset + ay.index1[row] * srcStride;
            int wy = ay.weight[row];
            int o = dstOffset + row * dstStride;
            for (int col = 0; col < ax.length; col++) {
                int a = x0[col] * channels;
                int b = x1[col] * channels;
                int wx = fx[col];
                for (int c = 0; c < channels; c++) {
                    int t = ((src[top + a + c] & 0xff) << 8) + ((src[top + b + c] & 0xff) - (src[top + a + c] & 0xff)) * wx;
                    int u = ((src[bottom + a + c] & 0xff) << 8)
                            + ((src[bottom + b + c] & 0xff) - (src[bottom + a + c] & 0xff)) * wx;
                    dst[o++] = (byte) (((t << 8) + (u - t) * wy + 32768) >> 16);
                }
            }
        }
    }

    /** Source positions along one axis: the two neighbours of each destination sample and the second's weight. */
    private static final class Axis {
        final int length;
        final int[] index0;
        final int[] index1;
        final int[] weight;

        Axis(int srcLength, int dstLength) {
            length = dstLength;
            index0 = new int[dstLength];
            index1 = new int[dstLength];
            weight = new int[dstLength];
            for (int i = 0; i < dstLength; i++) {
                // Position in 1/256 source samples of the centre of destination sample i.
                long pos = ((2L * i + 1) * srcLength * 256) / (2L * dstLength) - 128;
                if (pos < 0) {
                    pos = 0;
                }
                int i0 = (int) (pos >> 8);
                int w = (int) (pos & 0xff);
                if (i0 >= srcLength - 1) {
                    i0 = srcLength - 1;
                    w = 0;
                }
                index0[i] = i0;
                index1[i] = Math.min(i0 + 1, srcLength - 1);
                weight[i] = w;
            }
        }
    }
}
