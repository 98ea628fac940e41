package dev.robusta.sctp.wire;

import java.util.List;

/** ERROR (RFC 9260 section 3.3.10): one or more error causes, reported without ending the association. */
public final class ErrorChunk {
    private ErrorChunk() {}

    public static int size(List<ErrorCause> causes) {
        int n = Chunk.HEADER_SIZE;
        for (ErrorCause c : causes) {
            n += c.size();
        }
        return n;
    }

    public static int write(byte[] b, int off, List<ErrorCause> causes) {
        return writeCauses(b, off, Chunk.ERROR, 0, causes);
    }

    static int writeCauses(byte[] b, int off, int type, int flags, List<ErrorCause> causes) {
        int p = off + Chunk.HEADER_SIZE;
        for (ErrorCause c : causes) {
            p += c.write(b, p);
        }
        // The chunk length counts the last cause without its padding (RFC 9260 section 3.2).
        int last = causes.isEmpty() ? 0 : causes.get(causes.size() - 1).size()
                - (4 + causes.get(causes.size() - 1).information().length);
        Chunk.writeHeader(b, off, type, flags, p - off - last);
        return p - off;
    }
}
