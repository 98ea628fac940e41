package dev.robusta.rtp.packet;

import dev.robusta.rtp.MalformedPacketException;

/**
 * A view of one RTP packet (RFC 3550 section 5.1) over a borrowed buffer. {@link #wrap} validates the whole
 * header (version, CSRC list, extension block and every RFC 8285 element in it, padding) and records offsets;
 * accessors then read fields in place. Nothing is copied and nothing is allocated, so one view can be reused
 * for every packet on a thread. The buffer must not change while the view is in use.
 */
public final class RtpPacket {
    /** Fixed header size in bytes. */
    public static final int FIXED_HEADER_BYTES = 12;
    /** RFC 8285 section 4.2: profile value of the one-byte header form. */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** RFC 8285 section 4.3: the two-byte form is 0x100 in the top 12 bits; the low 4 bits are "appbits". */
    public static final int TWO_BYTE_PROFILE = 0x1000;

    private byte[] buf;
    private int off;
    private int len;
    private int extensionProfile = -1; // -1: no extension block
    private int extensionDataOffset;   // first byte after the 4-byte extension header
    private int extensionDataLength;
    private int payloadOffset;
    private int payloadLength;
    private int paddingLength;
    private int foundExtensionLength;

    /** True if the first byte says RTP/RTCP version 2 (RFC 7983 demultiplexing happens before this). */
    public static boolean isVersion2(byte[] b, int off, int len) {
        return len > 0 && (b[off] & 0xC0) == 0x80;
    }

    /**
     * Points this view at {@code len} bytes of {@code b} from {@code off} and validates them.
     *
     * @return this view
     * @throws MalformedPacketException if the bytes are not a well-formed RTP packet; the view is then invalid
     */
    public RtpPacket wrap(byte[] b, int off, int len) throws MalformedPacketException {
        this.buf = null;
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new IndexOutOfBoundsException("range " + off + "+" + len + " outside buffer of " + b.length);
        }
        if (len < FIXED_HEADER_BYTES) {
            throw new MalformedPacketException("RTP packet shorter than 12 bytes: " + len);
        }
        int b0 = b[off] & 0xFF;
        if ((b0 >>> 6) != 2) {
            throw new MalformedPacketException("RTP version " + (b0 >>> 6) + ", expected 2");
        }
        int pos = FIXED_HEADER_BYTES + 4 * (b0 & 0x0F);
        if (pos > len) {
            throw new MalformedPacketException("CSRC list (" + (b0 & 0x0F) + ") overruns packet of " + len);
        }
        int profile = -1;
        int extData = 0;
        int extLen = 0;
        if ((b0 & 0x10) != 0) {
            if (pos + 4 > len) {
                throw new MalformedPacketException("header extension header truncated");
            }
            profile = ((b[off + pos] & 0xFF) << 8) | (b[off + pos + 1] & 0xFF);
            extLen = 4 * (((b[off + pos + 2] & 0xFF) << 8) | (b[off + pos + 3] & 0xFF));
            extData = pos + 4;
            if (extData + extLen > len) {
                throw new MalformedPacketException("header extension of " + extLen + " bytes overruns packet");
            }
            pos = extData + extLen;
            validateElements(b, off + extData, extLen, profile);
        }
        int padding = 0;
        if ((b0 & 0x20) != 0) {
            padding = b[off + len - 1] & 0xFF;
            if (padding == 0 || padding > len - pos) {
                throw new MalformedPacketException("bad RTP padding count " + padding + " (room " + (len - pos) + ")");
            }
        }
        this.buf = b;
        this.off = off;
        this.len = len;
        this.extensionProfile = profile;
        this.extensionDataOffset = off + extData;
        this.extensionDataLength = extLen;
        this.payloadOffset = off + pos;
        this.payloadLength = len - pos - padding;
        this.paddingLength = padding;
        return this;
    }

    private static void validateElements(byte[] b, int p, int n, int profile) throws MalformedPacketException {
        int end = p + n;
        if (profile == ONE_BYTE_PROFILE) {
            while (p < end) {
                int h = b[p] & 0xFF;
                if (h == 0) { // padding byte
                    p++;
                    continue;
                }
                if ((h >>> 4) == 15) {
                    return; // RFC 8285 4.2: id 15 ends processing of the block
                }
                int l = (h & 0x0F) + 1;
                if (p + 1 + l > end) {
                    throw new MalformedPacketException("one-byte extension element " + (h >>> 4) + " overruns block");
                }
                p += 1 + l;
            }
        } else if ((profile & 0xFFF0) == TWO_BYTE_PROFILE) {
            while (p < end) {
                int id = b[p] & 0xFF;
                if (id == 0) {
                    p++;
                    continue;
                }
                if (p + 2 > end) {
                    throw new MalformedPacketException("two-byte extension element " + id + " header truncated");
                }
                int l = b[p + 1] & 0xFF;
                if (p + 2 + l > end) {
                    throw new MalformedPacketException("two-byte extension element " + id + " overruns block");
                }
                p += 2 + l;
            }
        }
        // Other profiles: an opaque block (RFC 3550 5.3.1); its length was checked already.
    }

    public byte[] buffer() {
        return buf;
    }

    /** Offset of the packet's first byte in {@link #buffer()}. */
    public int offset() {
        return off;
    }

    public int length() {
        return len;
    }

    public boolean hasPadding() {
        return (buf[off] & 0x20) != 0;
    }

    public boolean hasExtension() {
        return extensionProfile >= 0;
    }

    public int csrcCount() {
        return buf[off] & 0x0F;
    }

    public boolean marker() {
        return (buf[off + 1] & 0x80) != 0;
    }

    public int payloadType() {
        return buf[off + 1] & 0x7F;
    }

    public int sequenceNumber() {
        return ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
    }

    /** The 32-bit timestamp as an unsigned value. */
    public long timestamp() {
        return readU32(buf, off + 4);
    }

    /** The SSRC as an unsigned value. */
    public long ssrc() {
        return readU32(buf, off + 8);
    }

    public long csrc(int index) {
        if (index < 0 || index >= csrcCount()) {
            throw new IndexOutOfBoundsException("CSRC " + index + " of " + csrcCount());
        }
        return readU32(buf, off + 12 + 4 * index);
    }

    /** Size of everything before the payload: fixed header, CSRCs and extension block. */
    public int headerLength() {
        return payloadOffset - off;
    }

    /** Absolute offset of the payload in {@link #buffer()}. */
    public int payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return payloadLength;
    }

    public int paddingLength() {
        return paddingLength;
    }

    /** The extension block's profile value ("defined by profile"), or -1 without an extension block. */
    public int extensionProfile() {
        return extensionProfile;
    }

    /** Absolute offset of the extension block's data (after its 4-byte header). */
    public int extensionDataOffset() {
        return extensionDataOffset;
    }

    public int extensionDataLength() {
        return extensionDataLength;
    }

    /** True if the extension block uses the one-byte or two-byte form of RFC 8285. */
    public boolean hasRfc8285Extensions() {
        return extensionProfile == ONE_BYTE_PROFILE || (extensionProfile & 0xFFF0) == TWO_BYTE_PROFILE;
    }

    /**
     * Finds header extension element {@code id} (1-14 in the one-byte form, 1-255 in the two-byte form).
     *
     * @return the absolute offset of its data in {@link #buffer()}, or -1 if absent; its length is then
     *     {@link #foundExtensionLength()}
     */
    public int findExtension(int id) {
        foundExtensionLength = 0;
        if (id <= 0 || extensionProfile < 0) {
            return -1;
        }
        int p = extensionDataOffset;
        int end = p + extensionDataLength;
        if (extensionProfile == ONE_BYTE_PROFILE) {
            while (p < end) {
                int h = buf[p] & 0xFF;
                if (h == 0) {
                    p++;
                    continue;
                }
                int elementId = h >>> 4;
                if (elementId == 15) {
                    return -1;
                }
                int l = (h & 0x0F) + 1;
                if (elementId == id) {
                    foundExtensionLength = l;
                    return p + 1;
                }
                p += 1 + l;
            }
        } else if ((extensionProfile & 0xFFF0) == TWO_BYTE_PROFILE) {
            while (p < end) {
                int elementId = buf[p] & 0xFF;
                if (elementId == 0) {
                    p++;
                    continue;
                }
                int l = buf[p + 1] & 0xFF;
                if (elementId == id) {
                    foundExtensionLength = l;
                    return p + 2;
                }
                p += 2 + l;
            }
        }
        return -1;
    }

    /** Length of the element the last successful {@link #findExtension} found. */
    public int foundExtensionLength() {
        return foundExtensionLength;
    }

    static long readU32(byte[] b, int p) {
        return ((long) (b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    @Override
    public String toString() {
        if (buf == null) {
            return "RtpPacket[unwrapped]";
        }
        return "RtpPacket[pt=" + payloadType() + " seq=" + sequenceNumber() + " ts=" + timestamp() + " ssrc="
                + ssrc() + (marker() ? " M" : "") + " payload=" + payloadLength + "]";
    }
}
