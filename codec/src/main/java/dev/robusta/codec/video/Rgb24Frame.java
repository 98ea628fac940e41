package dev.robusta.codec.video;

import java.util.Objects;

/**
 * A packed RGB picture, 8 bits per channel in the order R, G, B: the {@code height x width x 3} {@code uint8} array
 * that hyperpeer's {@code frame_generator} yields and its {@code frame_consumer} takes (sRGB values). Rows are
 * {@link #stride()} bytes apart (at least {@code 3 * width}).
 */
public final class Rgb24Frame implements VideoFrame {
    private int width;
    private int height;
    private byte[] data;
    private int offset;
    private int stride;

    private Rgb24Frame(int width, int height, byte[] data, int offset, int stride) {
        this.width = width;
        this.height = height;
        this.data = data;
        this.offset = offset;
        this.stride = stride;
    }

    /** A new frame with its own tightly packed buffer. */
    public static Rgb24Frame allocate(int width, int height) {
        I420Frame.checkSize(width, height);
        return new Rgb24Frame(width, height, new byte[width * height * 3], 0, width * 3);
    }

    /** Wraps a tightly packed {@code height x width x 3} array. */
    public static Rgb24Frame wrap(int width, int height, byte[] data) {
        return wrap(width, height, data, 0, width * 3);
    }

    /** Wraps an array holding the picture at {@code offset} with rows {@code stride} bytes apart. */
    public static Rgb24Frame wrap(int width, int height, byte[] data, int offset, int stride) {
        I420Frame.checkSize(width, height);
        Objects.requireNonNull(data, "data");
        if (offset < 0 || stride < width * 3 || offset + (long) stride * (height - 1) + width * 3L > data.length) {
            throw new IllegalArgumentException("an array of " + data.length + " bytes at offset " + offset
                    + " with stride " + stride + " cannot hold " + width + "x" + height + " RGB24");
        }
        return new Rgb24Frame(width, height, data, offset, stride);
    }

    /**
     * Makes this frame {@code width} by {@code height}, keeping the buffer when it is large enough with the current
     * stride (or a tight one for a wider picture), else allocating a new one. Contents are unspecified afterwards.
     */
    public void reshape(int newWidth, int newHeight) {
        I420Frame.checkSize(newWidth, newHeight);
        if (newWidth == width && newHeight == height) {
            return;
        }
        int newStride = Math.max(stride, newWidth * 3);
        if (offset + (long) newStride * (newHeight - 1) + newWidth * 3L > data.length) {
            data = new byte[newWidth * newHeight * 3];
            offset = 0;
            newStride = newWidth * 3;
        }
        width = newWidth;
        height = newHeight;
        stride = newStride;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    public byte[] data() {
        return data;
    }

    public int offset() {
        return offset;
    }

    public int stride() {
        return stride;
    }

    /** Index in {@link #data()} of the red byte of pixel ({@code x}, {@code y}). */
    public int indexOf(int x, int y) {
        return offset + y * stride + x * 3;
    }

    @Override
    public String toString() {
        return "Rgb24Frame[" + width + "x" + height + "]";
    }
}
