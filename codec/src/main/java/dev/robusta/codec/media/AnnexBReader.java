package dev.robusta.codec.media;

import dev.robusta.codec.h264.AnnexB;
import dev.robusta.codec.video.MediaFormatException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads an H.264 Annex-B byte stream ({@code .264} / {@code .h264} file) one access unit (one coded picture with
 * the parameter sets and SEI before it) at a time, streaming: only the current access unit is held in memory.
 * The bytes given out are Annex-B themselves (start codes kept), as {@link dev.robusta.codec.VideoDecoder#decode}
 * takes them.
 *
 * <p>A stream that does not start with a start code, or an access unit larger than {@link #MAX_ACCESS_UNIT_BYTES},
 * gives a {@link MediaFormatException}; the stream's own failures stay {@link IOException}s.
 */
public final class AnnexBReader implements AutoCloseable {
    /** An access unit larger than this is taken as corruption rather than buffered. */
    public static final int MAX_ACCESS_UNIT_BYTES = 32 << 20;
    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    /** Bytes read and not yet given out: buf[0 .. filled); the current access unit starts at 0. */
    private byte[] buf = new byte[4 * CHUNK];
    private int filled;
    private boolean eof;
    /** Where to resume scanning for start codes. */
    private int scanFrom;
    private boolean seenSlice;
    private boolean started;
    private byte[] unit = new byte[0];
    private int unitLength;
    private int unitsRead;

    public AnnexBReader(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    public static AnnexBReader open(Path path) throws IOException {
        return new AnnexBReader(new BufferedInputStream(Files.newInputStream(path), CHUNK));
    }

    /**
     * Reads the next access unit: then {@link #data()}{@code [0 .. }{@link #length()}{@code )}, valid until the next
     * call.
     *
     * @return false at the end of the stream
     */
    public boolean next() throws IOException, MediaFormatException {
        if (!started) {
            fillAtLeast(4);
            int first = AnnexB.nextNalStart(buf, 0, filled);
            if (first < 0 || first > 4 || !allZero(0, first - 1)) {
                throw new MediaFormatException("H.264: the stream does not start with an Annex-B start code");
            }
            started = true;
            scanFrom = 0;
        }
        while (true) {
            int nal = AnnexB.nextNalStart(buf, scanFrom, filled);
            if (nal >= 0 && nal + 1 < filled) {
                int header = nal;
                if (AnnexB.startsAccessUnit(buf, header, filled, seenSlice)) {
                    int codeStart = nal - 3;
                    int end = AnnexB.trimTrailingZeros(buf, 0, codeStart);
                    emit(end, codeStart);
                    return true;
                }
                if (AnnexB.isSlice(AnnexB.nalType(buf[header]))) {
                    seenSlice = true;
                }
                scanFrom = nal;
                continue;
            }
            if (nal >= 0) {
                scanFrom = nal - 3; // the header byte is not read yet: scan this start code again
            } else {
                scanFrom = Math.max(scanFrom, filled - 3);
            }
            if (eof) {
                if (filled == 0) {
                    return false;
                }
                int end = AnnexB.trimTrailingZeros(buf, 0, filled);
                emit(end, filled);
                return end > 0 || next();
            }
            if (filled >= MAX_ACCESS_UNIT_BYTES) {
                throw new MediaFormatException("H.264: access unit " + unitsRead + " exceeds "
                        + MAX_ACCESS_UNIT_BYTES + " bytes");
            }
            readMore();
        }
    }

    /** Gives out buf[0 .. end) and keeps buf[rest ..) as the start of the next access unit. */
    private void emit(int end, int rest) {
        if (unit.length < end) {
            unit = new byte[Math.max(end, unit.length * 2)];
        }
        System.arraycopy(buf, 0, unit, 0, end);
        unitLength = end;
        System.arraycopy(buf, rest, buf, 0, filled - rest);
        filled -= rest;
        scanFrom = 0;
        seenSlice = false;
        unitsRead++;
    }

    public byte[] data() {
        return unit;
    }

    public int length() {
        return unitLength;
    }

    /** Access units read so far. */
    public int count() {
        return unitsRead;
    }

    private boolean allZero(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private void fillAtLeast(int n) throws IOException {
        while (filled < n && !eof) {
            readMore();
        }
    }

    private void readMore() throws IOException {
        if (buf.length - filled < CHUNK) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, filled, buf.length - filled);
        if (n < 0) {
            eof = true;
        } else {
            filled += n;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
