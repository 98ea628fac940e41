package dev.robusta.codec.video;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads an IVF file (the simple container of libvpx's tools: a 32-byte header, then frames each with a 12-byte
 * header of size and 64-bit timestamp) from a stream, one frame at a time. Malformed or truncated input gives a
 * {@link MediaFormatException}; the stream's own failures stay {@link IOException}s.
 */
public final class IvfReader implements AutoCloseable {
    /** A frame larger than this is taken as corruption rather than allocated. */
    public static final int MAX_FRAME_BYTES = 64 << 20;

    private final InputStream in;
    private final String fourcc;
    private final int width;
    private final int height;
    private final int timebaseNumerator;
    private final int timebaseDenominator;
    private final int frameCountHint;
    private final byte[] frameHeader = new byte[12];
    private byte[] frame = new byte[4096];
    private int frameLength;
    private long timestamp;
    private int framesRead;

    public IvfReader(InputStream in) throws IOException, MediaFormatException {
        this.in = Objects.requireNonNull(in, "in");
        byte[] h = new byte[32];
        if (readFully(h, 32) != 32) {
            throw new MediaFormatException("IVF: file shorter than its 32-byte header");
        }
        if (h[0] != 'D' || h[1] != 'K' || h[2] != 'I' || h[3] != 'F') {
            throw new MediaFormatException("IVF: no DKIF signature");
        }
        int headerSize = u16(h, 6);
        if (headerSize < 32) {
            throw new MediaFormatException("IVF: header size " + headerSize + " below 32");
        }
        fourcc = new String(h, 8, 4, StandardCharsets.ISO_8859_1);
        width = u16(h, 12);
        height = u16(h, 14);
        timebaseDenominator = (int) u32(h, 16);
        timebaseNumerator = (int) u32(h, 20);
        frameCountHint = (int) u32(h, 24);
        long skip = headerSize - 32L;
        while (skip > 0) {
            long n = in.skip(skip);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new MediaFormatException("IVF: truncated header");
                }
                n = 1;
            }
            skip -= n;
        }
    }

    /**
     * Reads the next frame. Its bytes are then {@link #frameData()}{@code [0 .. }{@link #frameLength()}{@code )},
     * valid until the next call.
     *
     * @return false at the end of the file (a clean end between frames)
     */
    public boolean next() throws IOException, MediaFormatException {
        int n = readFully(frameHeader, 12);
        if (n == 0) {
            return false;
        }
        if (n < 12) {
            throw new MediaFormatException("IVF: truncated frame header after frame " + framesRead);
        }
        long size = u32(frameHeader, 0);
        if (size > MAX_FRAME_BYTES) {
            throw new MediaFormatException("IVF: frame " + framesRead + " claims " + size + " bytes");
        }
        timestamp = u32(frameHeader, 4) | (u32(frameHeader, 8) << 32);
        if (frame.length < size) {
            frame = Arrays.copyOf(frame, (int) Math.max(size, frame.length * 2L));
        }
        if (readFully(frame, (int) size) != size) {
            throw new MediaFormatException("IVF: frame " + framesRead + " truncated");
        }
        frameLength = (int) size;
        framesRead++;
        return true;
    }

    /** The buffer holding the current frame (reused between frames). */
    public byte[] frameData() {
        return frame;
    }

    public int frameLength() {
        return frameLength;
    }

    /** The current frame's timestamp, in {@link #timebaseNumerator()}/{@link #timebaseDenominator()} seconds. */
    public long timestamp() {
        return timestamp;
    }

    /** Four-character codec code of the file header, e.g. {@code VP80}. */
    public String fourcc() {
        return fourcc;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int timebaseNumerator() {
        return timebaseNumerator;
    }

    public int timebaseDenominator() {
        return timebaseDenominator;
    }

    /** The frame count the header claims (writers that stream may leave it 0). */
    public int frameCountHint() {
        return frameCountHint;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private int readFully(byte[] b, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int n = in.read(b, done, len - done);
            if (n < 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    private static int u16(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8;
    }

    private static long u32(byte[] b, int o) {
        return ((b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | (long) (b[o + 3] & 0xff) << 24);
    }
}
