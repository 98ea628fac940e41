package dev.robusta.codec.video;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes an IVF file to a stream: the 32-byte header, then each frame with its size and timestamp. The header's
 * frame count is written as 0 (a streaming writer does not know it; libvpx's tools ignore it).
 */
public final class IvfWriter implements AutoCloseable {
    private final OutputStream out;
    private final byte[] frameHeader = new byte[12];

    /**
     * @param fourcc              codec code, e.g. {@code VP80}
     * @param timebaseNumerator   timestamps count units of numerator/denominator seconds (1/30 for frame numbers
     *                            at 30 fps, 1/90000 for RTP video clocks)
     */
    public IvfWriter(OutputStream out, String fourcc, int width, int height, int timebaseNumerator,
                     int timebaseDenominator) throws IOException {
        this.out = Objects.requireNonNull(out, "out");
        byte[] code = fourcc.getBytes(StandardCharsets.ISO_8859_1);
        if (code.length != 4) {
            throw new IllegalArgumentException("fourcc must be 4 characters: " + fourcc);
        }
        if (width < 0 || width > 0xffff || height < 0 || height > 0xffff || timebaseNumerator <= 0
                || timebaseDenominator <= 0) {
            throw new IllegalArgumentException("bad IVF parameters");
        }
        byte[] h = new byte[32];
        h[0] = 'D';
        h[1] = 'K';
        h[2] = 'I';
        h[3] = 'F';
        put16(h, 4, 0);
        put16(h, 6, 32);
        System.arraycopy(code, 0, h, 8, 4);
        put16(h, 12, width);
        put16(h, 14, height);
        put32(h, 16, timebaseDenominator);
        put32(h, 20, timebaseNumerator);
        put32(h, 24, 0);
        out.write(h);
    }

    /** Appends one frame. */
    public void write(byte[] data, int offset, int length, long timestamp) throws IOException {
        Objects.checkFromIndexSize(offset, length, data.length);
        put32(frameHeader, 0, length);
        put32(frameHeader, 4, (int) timestamp);
        put32(frameHeader, 8, (int) (timestamp >>> 32));
        out.write(frameHeader);
        out.write(data, offset, length);
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private static void put16(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >> 8);
    }

    private static void put32(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >> 8);
        b[o + 2] = (byte) (v >> 16);
        b[o + 3] = (byte) (v >> 24);
    }
}
