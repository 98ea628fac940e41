package dev.robusta.codec.rtp;

import java.util.Arrays;

/** The growable frame buffer and sequence tracking the depayloaders share. */
final class FrameAssembler {
    private byte[] buf;
    private int length;
    private boolean assembling;
    private int lastSeq = -1;
    private long timestamp;
    long dropped;

    FrameAssembler(int initialCapacity) {
        buf = new byte[initialCapacity];
    }

    /** Checks continuity; returns false (and drops the partial frame) on a gap or a timestamp change. */
    boolean continues(int seq, long ts) {
        boolean ok = assembling && seq == ((lastSeq + 1) & 0xFFFF) && ts == timestamp;
        lastSeq = seq;
        if (!ok && assembling) {
            drop();
        }
        return ok;
    }

    void start(int seq, long ts) {
        if (assembling) {
            drop();
        }
        assembling = true;
        length = 0;
        lastSeq = seq;
        timestamp = ts;
    }

    void drop() {
        if (assembling) {
            dropped++;
        }
        assembling = false;
        length = 0;
    }

    boolean assembling() {
        return assembling;
    }

    void append(byte[] src, int off, int len) {
        ensure(length + len);
        System.arraycopy(src, off, buf, length, len);
        length += len;
    }

    void appendByte(int b) {
        ensure(length + 1);
        buf[length++] = (byte) b;
    }

    void startCode() {
        ensure(length + 4);
        buf[length] = 0;
        buf[length + 1] = 0;
        buf[length + 2] = 0;
        buf[length + 3] = 1;
        length += 4;
    }

    private void ensure(int n) {
        if (n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(n, buf.length * 2));
        }
    }

    /** Ends the frame; its bytes stay in {@link #buffer()} until the next start. */
    void finish() {
        assembling = false;
    }

    byte[] buffer() {
        return buf;
    }

    int length() {
        return length;
    }

    long timestamp() {
        return timestamp;
    }
}
