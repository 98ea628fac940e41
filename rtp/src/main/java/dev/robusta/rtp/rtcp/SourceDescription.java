package dev.robusta.rtp.rtcp;

import dev.robusta.rtp.MalformedPacketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Source description (RFC 3550 section 6.5): one chunk of items per source.
 *
 * @param chunks  at most 31 chunks
 * @param padding padding after the packet (P bit), {@link Padding#NONE} usually
 */
public record SourceDescription(List<Chunk> chunks, Padding padding) implements RtcpPacket {
    public static final int CNAME = 1;
    public static final int NAME = 2;
    public static final int EMAIL = 3;
    public static final int PHONE = 4;
    public static final int LOC = 5;
    public static final int TOOL = 6;
    public static final int NOTE = 7;
    public static final int PRIV = 8;

    /** One SDES item: its type and value (for PRIV the value includes the prefix length and prefix). */
    public record Item(int type, byte[] value) {
        public Item {
            if (type < 1 || type > 255) {
                throw new IllegalArgumentException("SDES item type must be 1-255: " + type);
            }
            value = value.clone();
            if (value.length > 255) {
                throw new IllegalArgumentException("SDES item longer than 255 bytes");
            }
        }

        public static Item text(int type, String text) {
            return new Item(type, text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        public String text() {
            return new String(value, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Item i && i.type == type && Arrays.equals(i.value, value);
        }

        @Override
        public int hashCode() {
            return type * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return type + "=" + text();
        }
    }

    /** A source and its items. */
    public record Chunk(long ssrc, List<Item> items) {
        public Chunk {
            Rtcp.checkU32(ssrc, "ssrc");
            items = List.copyOf(items);
        }

        int encodedLength() {
            int n = 4;
            for (Item i : items) {
                n += 2 + i.value.length;
            }
            return (n + 1 + 3) & ~3; // at least one null octet, then pad to 32 bits
        }

        /** The value of the first item of {@code type}, or null. */
        public String find(int type) {
            for (Item i : items) {
                if (i.type == type) {
                    return i.text();
                }
            }
            return null;
        }
    }

    public SourceDescription {
        chunks = List.copyOf(chunks);
        if (chunks.size() > 31) {
            throw new IllegalArgumentException("at most 31 SDES chunks");
        }
        padding = padding == null ? Padding.NONE : padding;
        padding.checkAligned(0, "SDES");
    }

    public SourceDescription(List<Chunk> chunks) {
        this(chunks, Padding.NONE);
    }

    /** This packet with {@code padding} after it. */
    public SourceDescription withPadding(Padding padding) {
        return new SourceDescription(chunks, padding);
    }

    /** One chunk with a CNAME, what every compound packet carries (RFC 3550 section 6.1). */
    public static SourceDescription cname(long ssrc, String cname) {
        return new SourceDescription(List.of(new Chunk(ssrc, List.of(Item.text(CNAME, cname)))));
    }

    static SourceDescription parse(byte[] b, int p, int len, int count, Padding padding)
            throws MalformedPacketException {
        int end = p + len;
        List<Chunk> chunks = new ArrayList<>(count);
        int start = p;
        for (int c = 0; c < count; c++) {
            Rtcp.need(end - p, 4, "SDES chunk");
            long ssrc = Rtcp.u32(b, p);
            p += 4;
            List<Item> items = new ArrayList<>(2);
            while (true) {
                Rtcp.need(end - p, 1, "SDES item");
                int type = b[p] & 0xFF;
                if (type == 0) {
                    p++;
                    break;
                }
                Rtcp.need(end - p, 2, "SDES item header");
                int l = b[p + 1] & 0xFF;
                Rtcp.need(end - p - 2, l, "SDES item value");
                items.add(new Item(type, Arrays.copyOfRange(b, p + 2, p + 2 + l)));
                p += 2 + l;
            }
            p = start + ((p - start + 3) & ~3);
            if (p > end) {
                throw new MalformedPacketException("SDES chunk padding overruns packet");
            }
            chunks.add(new Chunk(ssrc, items));
        }
        // The length is the sum of the chunks (section 6.5); anything after them would not survive a rewrite.
        if (p != end) {
            throw new MalformedPacketException("SDES has " + (end - p) + " bytes after its " + count + " chunks");
        }
        return new SourceDescription(chunks, padding);
    }

    @Override
    public int packetType() {
        return SDES;
    }

    @Override
    public int encodedLength() {
        int n = 4 + padding.length();
        for (Chunk c : chunks) {
            n += c.encodedLength();
        }
        return n;
    }

    @Override
    public int writeTo(byte[] b, int off) {
        int n = encodedLength();
        Rtcp.header(b, off, chunks.size(), SDES, n);
        int p = off + 4;
        for (Chunk c : chunks) {
            int chunkEnd = p + c.encodedLength();
            Rtcp.put32(b, p, c.ssrc);
            p += 4;
            for (Item i : c.items) {
                b[p] = (byte) i.type;
                b[p + 1] = (byte) i.value.length;
                System.arraycopy(i.value, 0, b, p + 2, i.value.length);
                p += 2 + i.value.length;
            }
            while (p < chunkEnd) {
                b[p++] = 0;
            }
        }
        padding.write(b, off, p);
        return n;
    }
}
