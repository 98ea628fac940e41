package dev.robusta.sctp.wire;

import java.util.List;

/**
 * ABORT (RFC 9260 section 3.3.7): ends the association at once. Flag T (reflected) means the packet carries the
 * receiver's own tag, as when answering a packet whose tag could not be trusted.
 */
public final class AbortChunk {
    public static final int FLAG_T = 0x01;

    private AbortChunk() {}

    public static int size(List<ErrorCause> causes) {
        return ErrorChunk.size(causes);
    }

    public static int write(byte[] b, int off, boolean reflected, List<ErrorCause> causes) {
        return ErrorChunk.writeCauses(b, off, Chunk.ABORT, reflected ? FLAG_T : 0, causes);
    }
}
