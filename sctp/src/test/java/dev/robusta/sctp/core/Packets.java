package dev.robusta.sctp.core;

import dev.robusta.sctp.wire.Bytes;
import dev.robusta.sctp.wire.SctpPacket;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Builds and takes apart SCTP packets in tests. */
final class Packets {
    private Packets() {}

    /** A chunk: header with {@code length} = 4 + value length (unless overridden), value padded. */
    static byte[] chunk(int type, int flags, byte[] value) {
        return chunk(type, flags, value, 4 + value.length);
    }

    static byte[] chunk(int type, int flags, byte[] value, int lengthField) {
        byte[] c = new byte[Bytes.padded(4 + value.length)];
        c[0] = (byte) type;
        c[1] = (byte) flags;
        Bytes.put16(c, 2, lengthField);
        System.arraycopy(value, 0, c, 4, value.length);
        return c;
    }

    static byte[] data(int flags, int tsn, int stream, int ssn, int ppid, byte[] payload) {
        byte[] v = new byte[12 + payload.length];
        Bytes.put32(v, 0, tsn);
        Bytes.put16(v, 4, stream);
        Bytes.put16(v, 6, ssn);
        Bytes.put32(v, 8, ppid);
        System.arraycopy(payload, 0, v, 12, payload.length);
        return chunk(0, flags, v);
    }

    /** A sealed packet (valid CRC32c) from chunks. */
    static byte[] packet(int vtag, byte[]... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] h = new byte[12];
        SctpPacket.writeHeader(h, 0, 5000, 5000, vtag);
        out.writeBytes(h);
        for (byte[] c : chunks) {
            out.writeBytes(c);
        }
        byte[] p = out.toByteArray();
        new SctpPacket().seal(p, 0, p.length);
        return p;
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    /** Chunk types in a packet, in order. */
    static List<Integer> chunkTypes(byte[] p) {
        List<Integer> types = new ArrayList<>();
        int off = 12;
        while (off + 4 <= p.length) {
            types.add(p[off] & 0xFF);
            int len = Bytes.u16(p, off + 2);
            if (len < 4) {
                break;
            }
            off += Bytes.padded(len);
        }
        return types;
    }

    /** The offset of the first chunk of {@code type}, or -1. */
    static int find(byte[] p, int type) {
        int off = 12;
        while (off + 4 <= p.length) {
            if ((p[off] & 0xFF) == type) {
                return off;
            }
            int len = Bytes.u16(p, off + 2);
            if (len < 4) {
                return -1;
            }
            off += Bytes.padded(len);
        }
        return -1;
    }
}
