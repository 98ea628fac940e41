package dev.robusta.codec.video;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads a YUV4MPEG2 (Y4M) stream of 8-bit 4:2:0 pictures ({@code C420}, {@code C420jpeg}, {@code C420paldv},
 * {@code C420mpeg2}, or no colour-space tag), one frame at a time, into a supplied {@link I420Frame}. Other
 * colour spaces, malformed headers and truncated frames give a {@link MediaFormatException}.
 */
public final class Y4mReader implements AutoCloseable {
    private static final int MAX_LINE = 1024;

    private final InputStream in;
    private final int width;
    private final int height;
    private final int frameRateNumerator;
    private final int frameRateDenominator;
    private final byte[] line = new byte[MAX_LINE];
    private int framesRead;

    public Y4mReader(InputStream in) throws IOException, MediaFormatException {
        this.in = Objects.requireNonNull(in, "in");
        String header = readLine();
        if (header == null || !header.startsWith("YUV4MPEG2")) {
            throw new MediaFormatException("Y4M: no YUV4MPEG2 signature");
        }
        int w = -1;
        int h = -1;
        int fn = 30;
        int fd = 1;
        for (String tag : header.substring(9).trim().split(" +")) {
            if (tag.isEmpty()) {
                continue;
            }
            char key = tag.charAt(0);
            String value = tag.substring(1);
            switch (key) {
                case 'W' -> w = parsePositive(value, "width");
                case 'H' -> h = parsePositive(value, "height");
                case 'F' -> {
                    int colon = value.indexOf(':');
                    if (colon < 0) {
                        throw new MediaFormatException("Y4M: bad frame rate " + value);
                    }
                    fn = parsePositive(value.substring(0, colon), "frame rate");
                    fd = parsePositive(value.substring(colon + 1), "frame rate");
                }
                case 'C' -> {
                    if (!value.equals("420") && !value.equals("420jpeg") && !value.equals("420paldv")
                            && !value.equals("420mpeg2")) {
                        throw new MediaFormatException("Y4M: colour space C" + value + " is not 8-bit 4:2:0");
                    }
                }
                case 'I' -> {
                    if (!value.equals("p") && !value.equals("?")) {
                        throw new MediaFormatException("Y4M: interlaced pictures (I" + value + ") not supported");
                    }
                }
                default -> {
                    // A (aspect), X (extensions): not needed.
                }
            }
        }
        if (w <= 0 || h <= 0 || w > 16384 || h > 16384) {
            throw new MediaFormatException("Y4M: missing or bad picture size");
        }
        width = w;
        height = h;
        frameRateNumerator = fn;
        frameRateDenominator = fd;
    }

    /**
     * Reads the next picture into {@code out}, reshaping it to the stream's size.
     *
     * @return false at a clean end of the stream
     */
    public boolean next(I420Frame out) throws IOException, MediaFormatException {
        String frameLine = readLine();
        if (frameLine == null) {
            return false;
        }
        if (!frameLine.startsWith("FRAME")) {
            throw new MediaFormatException("Y4M: expected FRAME, found \"" + shorten(frameLine) + "\" after frame "
                    + framesRead);
        }
        out.reshape(width, height);
        readPlane(out.y(), out.yOffset(), out.yStride(), width, height);
        readPlane(out.u(), out.uOffset(), out.uStride(), out.chromaWidth(), out.chromaHeight());
        readPlane(out.v(), out.vOffset(), out.vStride(), out.chromaWidth(), out.chromaHeight());
        framesRead++;
        return true;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int frameRateNumerator() {
        return frameRateNumerator;
    }

    public int frameRateDenominator() {
        return frameRateDenominator;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void readPlane(byte[] plane, int offset, int stride, int w, int h) throws IOException,
            MediaFormatException {
        for (int row = 0; row < h; row++) {
            int pos = offset + row * stride;
            int done = 0;
            while (done < w) {
                int n = in.read(plane, pos + done, w - done);
                if (n < 0) {
                    throw new MediaFormatException("Y4M: frame " + framesRead + " truncated");
                }
                done += n;
            }
        }
    }

    /** A header line without its newline, or null at a clean end of stream. */
    private String readLine() throws IOException, MediaFormatException {
        int n = 0;
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (n == 0) {
                    return null;
                }
                throw new MediaFormatException("Y4M: truncated header line");
            }
            if (c == '\n') {
                return new String(line, 0, n, StandardCharsets.US_ASCII);
            }
            if (n == MAX_LINE) {
                throw new MediaFormatException("Y4M: header line longer than " + MAX_LINE + " bytes");
            }
            line[n++] = (byte) c;
        }
    }

    private static int parsePositive(String s, String what) throws MediaFormatException {
        try {
            int v = Integer.parseInt(s);
            if (v <= 0) {
                throw new MediaFormatException("Y4M: bad " + what + " " + s);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new MediaFormatException("Y4M: bad " + what + " " + shorten(s));
        }
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
