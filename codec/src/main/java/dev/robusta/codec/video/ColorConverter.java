package dev.robusta.codec.video;

/**
 * RGB24 and I420 conversions with the BT.601 matrix in limited ("studio", "TV") range, which is what browsers send
 * and expect from VP8 and H.264: Y in 16..235, U and V in 16..240. Integer arithmetic only (the 8-bit fixed-point
 * coefficients of ITU-R BT.601 as libyuv and most players use them), writing into frames supplied by the caller:
 * no allocation.
 *
 * <p>RGB to I420 averages each 2x2 block's colour before computing its chroma (the last column or row is repeated
 * for odd sizes). I420 to RGB takes each chroma sample for its 2x2 block (no chroma interpolation).
 */
public final class ColorConverter {
    private ColorConverter() {
    }

    /** Converts {@code src} into {@code dst}, which must have the same size. */
    public static void rgb24ToI420(Rgb24Frame src, I420Frame dst) {
        requireSameSize(src, dst);
        rgb24ToI420(src.data(), src.offset(), src.stride(), src.width(), src.height(), dst.y(), dst.yOffset(),
                dst.yStride(), dst.u(), dst.uOffset(), dst.uStride(), dst.v(), dst.vOffset(), dst.vStride());
    }

    /** Converts {@code src} into {@code dst}, which must have the same size. */
    public static void i420ToRgb24(I420Frame src, Rgb24Frame dst) {
        requireSameSize(src, dst);
        i420ToRgb24(src.y(), src.yOffset(), src.yStride(), src.u(), src.uOffset(), src.uStride(), src.v(),
                src.vOffset(), src.vStride(), src.width(), src.height(), dst.data(), dst.offset(), dst.stride());
    }

    /** The kernel of {@link #rgb24ToI420(Rgb24Frame, I420Frame)} over raw arrays. */
    public static void rgb24ToI420(byte[] rgb, int rgbOffset, int rgbStride, int width, int height,
                                   byte[] y, int yOffset, int yStride, byte[] u, int uOffset, int uStride,
                                   byte[] v, int vOffset, int vStride) {
        for (int row = 0; row < height; row += 2) {
            int r0 = rgbOffset + row * rgbStride;
            int r1 = row + 1 < height ? r0 + rgbStride : r0;
            int y0 = yOffset + row * yStride;
            int y1 = y0 + yStride;
            boolean secondRow = row + 1 < height;
            int uo = uOffset + (row >> 1) * uStride;
            int vo = vOffset + (row >> 1) * vStride;
            for (int col = 0; col < width; col += 2) {
                int p00 = r0 + col * 3;
                int p10 = r1 + col * 3;
                int p01 = col + 1 < width ? p00 + 3 : p00;
                int p11 = col + 1 < width ? p10 + 3 : p10;
                int ra = rgb[p00] & 0xff, ga = rgb[p00 + 1] & 0xff, ba = rgb[p00 + 2] & 0xff;
                int rb = rgb[p01] & 0xff, gb = rgb[p01 + 1] & 0xff, bb = rgb[p01 + 2] & 0xff;
                int rc = rgb[p10] & 0xff, gc = rgb[p10 + 1] & 0xff, bc = rgb[p10 + 2] & 0xff;
                int rd = rgb[p11] & 0xff, gd = rgb[p11 + 1] & 0xff, bd = rgb[p11 + 2] & 0xff;
                y[y0 + col] = (byte) luma(ra, ga, ba);
                if (col + 1 < width) {
                    y[y0 + col + 1] = (byte) luma(rb, gb, bb);
                }
                if (secondRow) {
                    y[y1 + col] = (byte) luma(rc, gc, bc);
                    if (col + 1 < width) {
                        y[y1 + col + 1] = (byte) luma(rd, gd, bd);
                    }
                }
                int r = (ra + rb + rc + rd + 2) >> 2;
                int g = (ga + gb + gc + gd + 2) >> 2;
                int b = (ba + bb + bc + bd + 2) >> 2;
                u[uo + (col >> 1)] = (byte) (((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128);
                v[vo + (col >> 1)] = (byte) (((112 * r - 94 * g - 18 * b + 128) >> 8) + 128);
            }
        }
    }

    /** The kernel of {@link #i420ToRgb24(I420Frame, Rgb24Frame)} over raw arrays. */
    public static void i420ToRgb24(byte[] y, int yOffset, int yStride, byte[] u, int uOffset, int uStride,
                                   byte[] v, int vOffset, int vStride, int width, int height,
                                   byte[] rgb, int rgbOffset, int rgbStride) {
        for (int row = 0; row < height; row++) {
            int yo = yOffset + row * yStride;
            int uo = uOffset + (row >> 1) * uStride;
            int vo = vOffset + (row >> 1) * vStride;
            int o = rgbOffset + row * rgbStride;
            for (int col = 0; col < width; col++) {
                int c = 298 * ((y[yo + col] & 0xff) - 16) + 128;
                int d = (u[uo + (col >> 1)] & 0xff) - 128;
                int e = (v[vo + (col >> 1)] & 0xff) - 128;
                rgb[o] = clamp255((c + 409 * e) >> 8);
                rgb[o + 1] = clamp255((c - 100 * d - 208 * e) >> 8);
                rgb[o + 2] = clamp255((c + 516 * d) >> 8);
                o += 3;
            }
        }
    }

    private static int luma(int r, int g, int b) {
        return ((66 * r + 129 * g + 25 * b + 128) >> 8) + 16;
    }

    private static byte clamp255(int value) {
        return (byte) Math.min(255, Math.max(0, value));
    }

    private static void requireSameSize(VideoFrame a, VideoFrame b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("frames differ in size: " + a + " and " + b);
        }
    }
}
