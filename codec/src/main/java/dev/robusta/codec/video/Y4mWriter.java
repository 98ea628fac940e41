package dev.robusta.codec.video;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Writes I420 pictures as a YUV4MPEG2 (Y4M) stream, {@code C420jpeg}, progressive, square pixels. */
public final class Y4mWriter implements AutoCloseable {
    private static final byte[] FRAME = "FRAME\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final int width;
    private final int height;

    public Y4mWriter(OutputStream out, int width, int height, int frameRateNumerator, int frameRateDenominator)
            throws IOException {
        this.out = Objects.requireNonNull(out, "out");
        I420Frame.checkSize(width, height);
        if (frameRateNumerator <= 0 || frameRateDenominator <= 0) {
            throw new IllegalArgumentException("bad frame rate");
        }
        this.width = width;
        this.height = height;
        String header = "YUV4MPEG2 W" + width + " H" + height + " F" + frameRateNumerator + ":"
                + frameRateDenominator + " Ip A1:1 C420jpeg\n";
        out.write(header.getBytes(StandardCharsets.US_ASCII));
    }

    /** Appends one picture, which must have this stream's size. */
    public void write(I420Frame frame) throws IOException {
        if (frame.width() != width || frame.height() != height) {
            throw new IllegalArgumentException("frame " + frame + " is not " + width + "x" + height);
        }
        out.write(FRAME);
        writePlane(frame.y(), frame.yOffset(), frame.yStride(), width, height);
        writePlane(frame.u(), frame.uOffset(), frame.uStride(), frame.chromaWidth(), frame.chromaHeight());
        writePlane(frame.v(), frame.vOffset(), frame.vStride(), frame.chromaWidth(), frame.chromaHeight());
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private void writePlane(byte[] plane, int offset, int stride, int w, int h) throws IOException {
        for (int row = 0; row < h; row++) {
            out.write(plane, offset + row * stride, w);
        }
    }
}
