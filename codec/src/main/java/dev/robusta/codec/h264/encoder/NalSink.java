package dev.robusta.codec.h264.encoder;

import java.util.Arrays;

/**
 * A growing byte buffer that receives Annex-B NAL units: a four-byte start code and header byte, then the RBSP with
 * emulation prevention (H.264 7.4.1: a 0x03 after two zero bytes before any byte of 0x00 to 0x03).
 */
public final class NalSink {
    private byte[] data;
    private int length;

    public NalSink(int initialCapacity) {
        data = new byte[Math.max(64, initialCapacity)];
    }

    public void reset(byte[] buffer) {
        data = buffer;
        length = 0;
    }

    public byte[] data() {
        return data;
    }

    public int length() {
        return length;
    }

    void startNal(int header) {
        ensure(5);
        data[length++] = 0;
        data[length++] = 0;
        data[length++] = 0;
        data[length++] = 1;
        data[length++] = (byte) header;
    }

    void writeEscaped(byte[] rbsp, int off, int len) {
        ensure(len + len / 2 + 4);
        int zeros = 0;
        for (int i = off; i < off + len; i++) {
            byte b = rbsp[i];
            if (zeros >= 2 && (b & 0xFF) <= 3) {
                data[length++] = 3;
                zeros = 0;
            }
            data[length++] = b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
    }

    private void ensure(int extra) {
        if (length + extra > data.length) {
            data = Arrays.copyOf(data, Math.max(length + extra, data.length * 2));
        }
    }
}
