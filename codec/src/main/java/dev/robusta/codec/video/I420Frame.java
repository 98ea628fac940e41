package dev.robusta.codec.video;

import java.util.Objects;

/**
 * A planar YUV 4:2:0 picture (I420): a full-resolution Y plane, then U and V planes of {@code ceil(width / 2)} by
 * {@code ceil(height / 2)} samples. Each plane has its own array, offset and stride (bytes from one row to the
 * next), so a frame can wrap another library's buffers or one contiguous array.
 *
 * <p>A frame is a reusable buffer: decoders and converters write into one supplied by the caller, and
 * {@link #reshape(int, int)} changes its size, allocating only when its planes are too small.
 */
public final class I420Frame implements VideoFrame {
    private int width;
    private int height;
    private byte[] y;
    private byte[] u;
    private byte[] v;
    private int yOffset;
    private int uOffset;
    private int vOffset;
    private int yStride;
    private int uStride;
    private int vStride;

    private I420Frame(int width, int height, byte[] y, int yOffset, int yStride, byte[] u, int uOffset, int uStride,
                      byte[] v, int vOffset, int vStride) {
        this.width = width;
        this.height = height;
        this.y = y;
        this.u = u;
        this.v = v;
        this.yOffset = yOffset;
        this.uOffset = uOffset;
        this.vOffset = vOffset;
        this.yStride = yStride;
        this.uStride = uStride;
        this.vStride = vStride;
    }

    /** A new frame with its own tightly packed planes (strides equal to the plane widths). */
    public static I420Frame allocate(int width, int height) {
        checkSize(width, height);
        int cw = chromaWidth(width);
        int ch = chromaHeight(height);
        return new I420Frame(width, height, new byte[width * height], 0, width, new byte[cw * ch], 0, cw,
                new byte[cw * ch], 0, cw);
    }

    /**
     * Wraps one contiguous I420 buffer as files and {@code vpxdec --i420} lay it out: Y rows, then U rows, then V
     * rows, each tightly packed, starting at {@code offset}.
     */
    public static I420Frame wrap(int width, int height, byte[] data, int offset) {
        checkSize(width, height);
        int cw = chromaWidth(width);
        int ch = chromaHeight(height);
        Objects.checkFromIndexSize(offset, sizeBytes(width, height), data.length);
        int uOff = offset + width * height;
        return new I420Frame(width, height, data, offset, width, data, uOff, cw, data, uOff + cw * ch, cw);
    }

    /** Wraps three planes with their own offsets and strides. */
    public static I420Frame wrap(int width, int height, byte[] y, int yOffset, int yStride, byte[] u, int uOffset,
                                 int uStride, byte[] v, int vOffset, int vStride) {
        checkSize(width, height);
        checkPlane("Y", y, yOffset, yStride, width, height);
        checkPlane("U", u, uOffset, uStride, chromaWidth(width), chromaHeight(height));
        checkPlane("V", v, vOffset, vStride, chromaWidth(width), chromaHeight(height));
        return new I420Frame(width, height, y, yOffset, yStride, u, uOffset, uStride, v, vOffset, vStride);
    }

    /** Samples per row of the chroma planes for a picture this wide. */
    public static int chromaWidth(int width) {
        return (width + 1) >> 1;
    }

    /** Rows of the chroma planes for a picture this high. */
    public static int chromaHeight(int height) {
        return (height + 1) >> 1;
    }

    /** Bytes of a tightly packed I420 picture of this size. */
    public static int sizeBytes(int width, int height) {
        return width * height + 2 * chromaWidth(width) * chromaHeight(height);
    }

    /**
     * Makes this frame {@code width} by {@code height}. Keeps the current planes when they are large enough for the
     * new size with the current strides; otherwise allocates new, tightly packed planes (a wrapped frame then stops
     * sharing the memory it wrapped). Pixel contents are unspecified afterwards.
     */
    public void reshape(int newWidth, int newHeight) {
        checkSize(newWidth, newHeight);
        if (newWidth == width && newHeight == height) {
            return;
        }
        int cw = chromaWidth(newWidth);
        int ch = chromaHeight(newHeight);
        if (fits(y, yOffset, yStride, newWidth, newHeight) && fits(u, uOffset, uStride, cw, ch)
                && fits(v, vOffset, vStride, cw, ch)) {
            width = newWidth;
            height = newHeight;
            return;
        }
        width = newWidth;
        height = newHeight;
        y = new byte[newWidth * newHeight];
        u = new byte[cw * ch];
        v = new byte[cw * ch];
        yOffset = uOffset = vOffset = 0;
        yStride = newWidth;
        uStride = vStride = cw;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    public int chromaWidth() {
        return chromaWidth(width);
    }

    public int chromaHeight() {
        return chromaHeight(height);
    }

    public byte[] y() {
        return y;
    }

    public byte[] u() {
        return u;
    }

    public byte[] v() {
        return v;
    }

    public int yOffset() {
        return yOffset;
    }

    public int uOffset() {
        return uOffset;
    }

    public int vOffset() {
        return vOffset;
    }

    public int yStride() {
        return yStride;
    }

    public int uStride() {
        return uStride;
    }

    public int vStride() {
        return vStride;
    }

    /** Bytes of this picture tightly packed (what {@link #writePacked} writes). */
    public int sizeBytes() {
        return sizeBytes(width, height);
    }

    /** Copies the pixels, tightly packed Y then U then V, into {@code out} at {@code offset}; returns the bytes written. */
    public int writePacked(byte[] out, int offset) {
        int n = sizeBytes();
        Objects.checkFromIndexSize(offset, n, out.length);
        int pos = offset;
        pos = copyPlaneOut(y, yOffset, yStride, width, height, out, pos);
        pos = copyPlaneOut(u, uOffset, uStride, chromaWidth(), chromaHeight(), out, pos);
        copyPlaneOut(v, vOffset, vStride, chromaWidth(), chromaHeight(), out, pos);
        return n;
    }

    /** Reads the pixels from a tightly packed I420 buffer (Y then U then V) at {@code offset}. */
    public void readPacked(byte[] in, int offset) {
        Objects.checkFromIndexSize(offset, sizeBytes(), in.length);
        int pos = offset;
        pos = copyPlaneIn(in, pos, y, yOffset, yStride, width, height);
        pos = copyPlaneIn(in, pos, u, uOffset, uStride, chromaWidth(), chromaHeight());
        copyPlaneIn(in, pos, v, vOffset, vStride, chromaWidth(), chromaHeight());
    }

    /** Copies this picture into {@code dst}, reshaping it to this size first. */
    public void copyTo(I420Frame dst) {
        dst.reshape(width, height);
        copyPlane(y, yOffset, yStride, dst.y, dst.yOffset, dst.yStride, width, height);
        copyPlane(u, uOffset, uStride, dst.u, dst.uOffset, dst.uStride, chromaWidth(), chromaHeight());
        copyPlane(v, vOffset, vStride, dst.v, dst.vOffset, dst.vStride, chromaWidth(), chromaHeight());
    }

    /** Copies a {@code w} by {@code h} block of bytes between two strided planes. */
    public static void copyPlane(byte[] src, int srcOffset, int srcStride, byte[] dst, int dstOffset, int dstStride,
                                 int w, int h) {
        for (int row = 0; row < h; row++) {
            System.arraycopy(src, srcOffset + row * srcStride, dst, dstOffset + row * dstStride, w);
        }
    }

    @Override
    public String toString() {
        return "I420Frame[" + width + "x" + height + "]";
    }

    private static int copyPlaneOut(byte[] src, int off, int stride, int w, int h, byte[] out, int pos) {
        copyPlane(src, off, stride, out, pos, w, w, h);
        return pos + w * h;
    }

    private static int copyPlaneIn(byte[] in, int pos, byte[] dst, int off, int stride, int w, int h) {
        copyPlane(in, pos, w, dst, off, stride, w, h);
        return pos + w * h;
    }

    private static boolean fits(byte[] plane, int offset, int stride, int w, int h) {
        return stride >= w && offset + (long) stride * (h - 1) + w <= plane.length;
    }

    static void checkSize(int width, int height) {
        if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
            throw new IllegalArgumentException("frame size " + width + "x" + height + " outside 1..16384");
        }
    }

    private static void checkPlane(String name, byte[] plane, int offset, int stride, int w, int h) {
        Objects.requireNonNull(plane, name);
        if (offset < 0 || stride < w || !fits(plane, offset, stride, w, h)) {
            throw new IllegalArgumentException(name + " plane of " + plane.length + " bytes at offset " + offset
                    + " with stride " + stride + " cannot hold " + w + "x" + h);
        }
    }
}
