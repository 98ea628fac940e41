package dev.robusta.codec.media;

import dev.robusta.codec.h264.AnnexB;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes H.264 access units to an Annex-B byte stream ({@code .264} file), as they come from an encoder or the
 * network. Each unit must already be Annex-B (start with a start code); it is written unchanged.
 */
public final class AnnexBWriter implements AutoCloseable {
    private final OutputStream out;
    private int unitsWritten;

    public AnnexBWriter(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    public static AnnexBWriter create(Path path) throws IOException {
        return new AnnexBWriter(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16));
    }

    /** Appends one access unit. */
    public void write(byte[] data, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, data.length);
        int first = AnnexB.nextNalStart(data, offset, offset + Math.min(length, 5));
        if (first < 0) {
            throw new IllegalArgumentException("access unit " + unitsWritten + " does not start with a start code");
        }
        out.write(data, offset, length);
        unitsWritten++;
    }

    public int count() {
        return unitsWritten;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
