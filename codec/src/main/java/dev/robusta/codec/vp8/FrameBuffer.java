package dev.robusta.codec.vp8;

import dev.robusta.codec.video.I420Frame;

/**
 * One decoded picture as the decoder keeps it: whole macroblocks (the picture rounded up to multiples of 16) in
 * three planes surrounded by a border that {@link #extendBorders()} fills with copies of the edge pixels, so that
 * motion vectors may point outside the picture (RFC 6386 section 18: the reference is extended infinitely).
 */
final class FrameBuffer {
    /** Border of the luma plane in pixels; chroma planes have half. Valid streams never reach beyond 21 pixels. */
    static final int BORDER = 32;
    static final int UV_BORDER = BORDER / 2;

    final int mbCols;
    final int mbRows;
    /** Size of the luma plane inside the border (whole macroblocks). */
    final int width;
    final int height;
    final int yStride;
    final int uvStride;
    final byte[] y;
    final byte[] u;
    final byte[] v;
    /** Index of pixel (0, 0) in each plane. */
    final int yOrigin;
    final int uvOrigin;

    FrameBuffer(int mbCols, int mbRows) {
        this.mbCols = mbCols;
        this.mbRows = mbRows;
        width = mbCols * 16;
        height = mbRows * 16;
        yStride = width + 2 * BORDER;
        uvStride = width / 2 + 2 * UV_BORDER;
        y = new byte[yStride * (height + 2 * BORDER)];
        u = new byte[uvStride * (height / 2 + 2 * UV_BORDER)];
        v = new byte[uvStride * (height / 2 + 2 * UV_BORDER)];
        yOrigin = BORDER * yStride + BORDER;
        uvOrigin = UV_BORDER * uvStride + UV_BORDER;
    }

    /** Intra prediction edge above the frame: 127, including above-left and the last macroblock's above-right. */
    void setUpIntraTopEdge() {
        int yo = yOrigin - yStride - 1;
        java.util.Arrays.fill(y, yo, yo + width + 5, (byte) 127);
        int uvo = uvOrigin - uvStride - 1;
        java.util.Arrays.fill(u, uvo, uvo + width / 2 + 5, (byte) 127);
        java.util.Arrays.fill(v, uvo, uvo + width / 2 + 5, (byte) 127);
    }

    /** Intra prediction edge left of the frame for macroblock row {@code mbRow}: 129. */
    void setUpIntraLeftEdge(int mbRow) {
        for (int k = 0; k < 16; k++) {
            y[yOrigin + (mbRow * 16 + k) * yStride - 1] = (byte) 129;
        }
        for (int k = 0; k < 8; k++) {
            int o = uvOrigin + (mbRow * 8 + k) * uvStride - 1;
            u[o] = (byte) 129;
            v[o] = (byte) 129;
        }
    }

    /** Fills the borders of all planes with copies of the nearest edge pixels. */
    void extendBorders() {
        extend(y, yOrigin, yStride, width, height, BORDER);
        extend(u, uvOrigin, uvStride, width / 2, height / 2, UV_BORDER);
        extend(v, uvOrigin, uvStride, width / 2, height / 2, UV_BORDER);
    }

    private static void extend(byte[] p, int origin, int stride, int w, int h, int border) {
        for (int r = 0; r < h; r++) {
            int row = origin + r * stride;
            java.util.Arrays.fill(p, row - border, row, p[row]);
            java.util.Arrays.fill(p, row + w, row + w + border, p[row + w - 1]);
        }
        int first = origin - border;
        int last = origin + (h - 1) * stride - border;
        int span = w + 2 * border;
        for (int i = 1; i <= border; i++) {
            System.arraycopy(p, first, p, first - i * stride, span);
            System.arraycopy(p, last, p, last + i * stride, span);
        }
    }

    /** Copies the visible {@code displayWidth} x {@code displayHeight} picture into {@code out}. */
    void copyTo(I420Frame out, int displayWidth, int displayHeight) {
        out.reshape(displayWidth, displayHeight);
        I420Frame.copyPlane(y, yOrigin, yStride, out.y(), out.yOffset(), out.yStride(), displayWidth,
                displayHeight);
        int cw = out.chromaWidth();
        int ch = out.chromaHeight();
        I420Frame.copyPlane(u, uvOrigin, uvStride, out.u(), out.uOffset(), out.uStride(), cw, ch);
        I420Frame.copyPlane(v, uvOrigin, uvStride, out.v(), out.vOffset(), out.vStride(), cw, ch);
    }
}
