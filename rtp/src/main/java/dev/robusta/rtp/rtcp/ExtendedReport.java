package dev.robusta.rtp.rtcp;

import dev.robusta.rtp.MalformedPacketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Extended report (RFC 3611, PT 207): report blocks after the sender's SSRC. Two block types are read, the pair
 * that lets a receive-only endpoint measure its round-trip time (section 4.4 and 4.5): the receiver reference time
 * (RRTR) a receiver sends, and the DLRR a sender answers with. Other block types, and these types with their
 * reserved octet set, are kept whole as {@link UnknownBlock}s, so any XR writes back byte for byte.
 *
 * @param ssrc    the sender of the packet
 * @param blocks  the report blocks, in order
 * @param padding padding after the packet (P bit), {@link Padding#NONE} usually
 */
public record ExtendedReport(long ssrc, List<Block> blocks, Padding padding) implements RtcpPacket {
    /** Block type of {@link ReceiverReferenceTime}. */
    public static final int RRTR = 4;
    /** Block type of {@link Dlrr}. */
    public static final int DLRR = 5;

    /** One report block: a 4-byte header (type, type-specific octet, length in words - 1) and its contents. */
    public sealed interface Block permits ReceiverReferenceTime, Dlrr, UnknownBlock {
        int blockType();

        /** Bytes, header included. */
        int encodedLength();

        void write(byte[] b, int p);
    }

    /** Receiver reference time report block (RFC 3611 section 4.4): when the receiver sent this report. */
    public record ReceiverReferenceTime(long ntpTimestamp) implements Block {
        @Override
        public int blockType() {
            return RRTR;
        }

        @Override
        public int encodedLength() {
            return 12;
        }

        @Override
        public void write(byte[] b, int p) {
            blockHeader(b, p, RRTR, 0, 12);
            Rtcp.put32(b, p + 4, ntpTimestamp >>> 32);
            Rtcp.put32(b, p + 8, ntpTimestamp);
        }

        /** The middle 32 bits of the timestamp: what the sender's DLRR echoes as LRR. */
        public long compactNtp() {
            return (ntpTimestamp >>> 16) & 0xFFFF_FFFFL;
        }
    }

    /**
     * One DLRR sub-block (RFC 3611 section 4.5).
     *
     * @param ssrc             the receiver whose RRTR is answered
     * @param lastRr           middle 32 bits of that RRTR's NTP timestamp (LRR), 0 if none received
     * @param delaySinceLastRr delay from receiving it to sending this, in 1/65536 s (DLRR)
     */
    public record DlrrItem(long ssrc, long lastRr, long delaySinceLastRr) {
        public DlrrItem {
            Rtcp.checkU32(ssrc, "ssrc");
            Rtcp.checkU32(lastRr, "LRR");
            Rtcp.checkU32(delaySinceLastRr, "DLRR");
        }
    }

    /** DLRR report block (RFC 3611 section 4.5): a sender's answers to receivers' RRTRs. */
    public record Dlrr(List<DlrrItem> items) implements Block {
        public Dlrr {
            items = List.copyOf(items);
            if (items.size() > 0xFFFF / 3) {
                throw new IllegalArgumentException("too many DLRR sub-blocks: " + items.size());
            }
        }

        @Override
        public int blockType() {
            return DLRR;
        }

        @Override
        public int encodedLength() {
            return 4 + 12 * items.size();
        }

        @Override
        public void write(byte[] b, int p) {
            blockHeader(b, p, DLRR, 0, encodedLength());
            int q = p + 4;
            for (DlrrItem i : items) {
                Rtcp.put32(b, q, i.ssrc);
                Rtcp.put32(b, q + 4, i.lastRr);
                Rtcp.put32(b, q + 8, i.delaySinceLastRr);
                q += 12;
            }
        }
    }

    /**
     * A block this package does not interpret, kept as it came.
     *
     * @param blockType    BT, 0-255
     * @param typeSpecific the type-specific octet
     * @param contents     the bytes after the block header, a multiple of 4
     */
    public record UnknownBlock(int blockType, int typeSpecific, byte[] contents) implements Block {
        public UnknownBlock {
            if ((blockType & ~0xFF) != 0 || (typeSpecific & ~0xFF) != 0) {
                throw new IllegalArgumentException("block type and type-specific octet are 8 bits");
            }
            contents = contents.clone();
            if ((contents.length & 3) != 0 || contents.length > 4 * 0xFFFF) {
                throw new IllegalArgumentException("XR block contents must be a multiple of 4 bytes");
            }
        }

        @Override
        public byte[] contents() {
            return contents.clone();
        }

        @Override
        public int encodedLength() {
            return 4 + contents.length;
        }

        @Override
        public void write(byte[] b, int p) {
            blockHeader(b, p, blockType, typeSpecific, encodedLength());
            System.arraycopy(contents, 0, b, p + 4, contents.length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UnknownBlock u && u.blockType == blockType && u.typeSpecific == typeSpecific
                    && Arrays.equals(u.contents, contents);
        }

        @Override
        public int hashCode() {
            return blockType * 31 + Arrays.hashCode(contents);
        }

        @Override
        public String toString() {
            return "XR block[bt=" + blockType + " " + contents.length + " bytes]";
        }
    }

    public ExtendedReport {
        Rtcp.checkU32(ssrc, "ssrc");
        blocks = List.copyOf(blocks);
        padding = padding == null ? Padding.NONE : padding;
        padding.checkAligned(0, "XR");
    }

    public ExtendedReport(long ssrc, List<Block> blocks) {
        this(ssrc, blocks, Padding.NONE);
    }

    /** This packet with {@code padding} after it. */
    public ExtendedReport withPadding(Padding padding) {
        return new ExtendedReport(ssrc, blocks, padding);
    }

    private static void blockHeader(byte[] b, int p, int type, int typeSpecific, int bytes) {
        b[p] = (byte) type;
        b[p + 1] = (byte) typeSpecific;
        Rtcp.put16(b, p + 2, bytes / 4 - 1);
    }

    static ExtendedReport parse(byte[] b, int p, int len, Padding padding) throws MalformedPacketException {
        Rtcp.need(len, 4, "XR");
        if ((len & 3) != 0) {
            throw new MalformedPacketException("XR not a multiple of 4 bytes");
        }
        List<Block> blocks = new ArrayList<>(2);
        int q = p + 4;
        int end = p + len;
        while (q < end) {
            Rtcp.need(end - q, 4, "XR block header");
            int type = b[q] & 0xFF;
            int typeSpecific = b[q + 1] & 0xFF;
            int bytes = 4 * (Rtcp.u16(b, q + 2) + 1);
            Rtcp.need(end - q, bytes, "XR block");
            if (type == RRTR && typeSpecific == 0) {
                if (bytes != 12) {
                    throw new MalformedPacketException("RRTR block of " + bytes + " bytes, expected 12");
                }
                blocks.add(new ReceiverReferenceTime((Rtcp.u32(b, q + 4) << 32) | Rtcp.u32(b, q + 8)));
            } else if (type == DLRR && typeSpecific == 0) {
                if ((bytes - 4) % 12 != 0) {
                    throw new MalformedPacketException("DLRR block of " + bytes + " bytes: not 4 + 12n");
                }
                DlrrItem[] items = new DlrrItem[(bytes - 4) / 12];
                for (int i = 0; i < items.length; i++) {
                    int s = q + 4 + 12 * i;
                    items[i] = new DlrrItem(Rtcp.u32(b, s), Rtcp.u32(b, s + 4), Rtcp.u32(b, s + 8));
                }
                blocks.add(new Dlrr(List.of(items)));
            } else {
                blocks.add(new UnknownBlock(type, typeSpecific, Arrays.copyOfRange(b, q + 4, q + bytes)));
            }
            q += bytes;
        }
        return new ExtendedReport(Rtcp.u32(b, p), blocks, padding);
    }

    /** The first RRTR block, or null. */
    public ReceiverReferenceTime receiverReferenceTime() {
        for (Block block : blocks) {
            if (block instanceof ReceiverReferenceTime r) {
                return r;
            }
        }
        return null;
    }

    /** The DLRR sub-block about {@code receiverSsrc}, or null. */
    public DlrrItem dlrrFor(long receiverSsrc) {
        for (Block block : blocks) {
            if (block instanceof Dlrr d) {
                for (DlrrItem i : d.items) {
                    if (i.ssrc == receiverSsrc) {
                        return i;
                    }
                }
            }
        }
        return null;
    }

    @Override
    public int packetType() {
        return XR;
    }

    @Override
    public int encodedLength() {
        int n = 8 + padding.length();
        for (Block block : blocks) {
            n += block.encodedLength();
        }
        return n;
    }

    @Override
    public int writeTo(byte[] b, int off) {
        int n = encodedLength();
        Rtcp.header(b, off, 0, XR, n);
        Rtcp.put32(b, off + 4, ssrc);
        int p = off + 8;
        for (Block block : blocks) {
            block.write(b, p);
            p += block.encodedLength();
        }
        padding.write(b, off, p);
        return n;
    }
}
