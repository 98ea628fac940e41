package dev.robusta.rtp.packet;


/**
 * Writes RTP packets into a caller's buffer. Reusable and allocation-free: set the header fields and the
 * extension elements, call {@link #writeHeader()} to lay out the header, write the payload at the returned offset
 * (or pass it to {@link #write}), then {@link #finish}. Header extensions use the one-byte form (RFC 8285 section
 * 4.2) unless an element needs the two-byte form (id above 14, empty or longer than 16 bytes) or
 * {@link #twoByteExtensions(boolean)} asks for it; a packet never mixes the two forms.
 */
public final class RtpPacketWriter {
    private static final int MAX_ELEMENTS = 32;
    private static final int MAX_EXTENSION_BYTES = 1024;

    private final byte[] extensionData = new byte[MAX_EXTENSION_BYTES];
    private final int[] elementId = new int[MAX_ELEMENTS];
    private final int[] elementOffset = new int[MAX_ELEMENTS];
    private final int[] elementLength = new int[MAX_ELEMENTS];
    private final long[] csrcs = new long[15];
    private int elementCount;
    private int extensionBytes;
    private int csrcCount;
    private byte[] buf;
    private int off;
    private int capacity;
    private int payloadType;
    private int sequenceNumber;
    private long timestamp;
    private long ssrc;
    private boolean marker;
    private boolean forceTwoByte;
    private int payloadOffset = -1;

    /** Starts a packet in {@code capacity} bytes of {@code buffer} from {@code offset}; clears all fields. */
    public RtpPacketWriter start(byte[] buffer, int offset, int capacity) {
        if (offset < 0 || capacity < 0 || offset > buffer.length - capacity) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + capacity + " outside " + buffer.length);
        }
        this.buf = buffer;
        this.off = offset;
        this.capacity = capacity;
        elementCount = 0;
        extensionBytes = 0;
        csrcCount = 0;
        payloadType = 0;
        sequenceNumber = 0;
        timestamp = 0;
        ssrc = 0;
        marker = false;
        forceTwoByte = false;
        payloadOffset = -1;
        return this;
    }

    public RtpPacketWriter payloadType(int pt) {
        if (pt < 0 || pt > 127) {
            throw new IllegalArgumentException("payload type must be 0-127: " + pt);
        }
        this.payloadType = pt;
        return this;
    }

    public RtpPacketWriter sequenceNumber(int seq) {
        this.sequenceNumber = seq & 0xFFFF;
        return this;
    }

    public RtpPacketWriter timestamp(long ts) {
        this.timestamp = ts & 0xFFFF_FFFFL;
        return this;
    }

    public RtpPacketWriter ssrc(long ssrc) {
        this.ssrc = ssrc & 0xFFFF_FFFFL;
        return this;
    }

    public RtpPacketWriter marker(boolean marker) {
        this.marker = marker;
        return this;
    }

    public RtpPacketWriter addCsrc(long csrc) {
        if (csrcCount == 15) {
            throw new IllegalStateException("at most 15 CSRCs");
        }
        csrcs[csrcCount++] = csrc & 0xFFFF_FFFFL;
        return this;
    }

    /** Forces the two-byte header form (RFC 8285 section 4.3), e.g. when the peer allows mixed forms. */
    public RtpPacketWriter twoByteExtensions(boolean twoByte) {
        this.forceTwoByte = twoByte;
        return this;
    }

    /** Adds element {@code id} with {@code len} bytes copied from {@code src}. */
    public RtpPacketWriter addExtension(int id, byte[] src, int srcOff, int len) {
        int at = reserve(id, len);
        System.arraycopy(src, srcOff, extensionData, at, len);
        return this;
    }

    /** Adds a big-endian unsigned value of {@code bytes} bytes (1-4), e.g. 3 for abs-send-time. */
    public RtpPacketWriter addExtensionValue(int id, int bytes, long value) {
        if (bytes < 1 || bytes > 4) {
            throw new IllegalArgumentException("1-4 bytes: " + bytes);
        }
        int at = reserve(id, bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            extensionData[at + i] = (byte) value;
            value >>>= 8;
        }
        return this;
    }

    /** Adds an ASCII text element (MID, rid). */
    public RtpPacketWriter addExtensionText(int id, String text) {
        int at = reserve(id, text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x7F) {
                elementCount--;
                extensionBytes = at;
                throw new IllegalArgumentException("not ASCII: " + text);
            }
            extensionData[at + i] = (byte) c;
        }
        return this;
    }

    /** Adds an ASCII text element from a byte array (no string needed on the hot path). */
    public RtpPacketWriter addExtensionText(int id, byte[] ascii) {
        return addExtension(id, ascii, 0, ascii.length);
    }


    private int reserve(int id, int len) {
        if (payloadOffset >= 0) {
            throw new IllegalStateException("header already written");
        }
        if (id < 1 || id > 255) {
            throw new IllegalArgumentException("extension id must be 1-255: " + id);
        }
        if (len < 0 || len > 255) {
            throw new IllegalArgumentException("extension element length must be 0-255: " + len);
        }
        if (elementCount == MAX_ELEMENTS || extensionBytes + len > MAX_EXTENSION_BYTES) {
            throw new IllegalStateException("too many header extension elements");
        }
        int at = extensionBytes;
        elementId[elementCount] = id;
        elementOffset[elementCount] = at;
        elementLength[elementCount] = len;
        elementCount++;
        extensionBytes += len;
        return at;
    }

    private boolean needsTwoByte() {
        if (forceTwoByte) {
            return true;
        }
        for (int i = 0; i < elementCount; i++) {
            if (elementId[i] > 14 || elementLength[i] == 0 || elementLength[i] > 16) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes the fixed header, CSRCs and extension block.
     *
     * @return the absolute offset at which the payload goes
     * @throws IllegalStateException if the header does not fit the capacity
     */
    public int writeHeader() {
        if (buf == null) {
            throw new IllegalStateException("start() first");
        }
        boolean twoByte = needsTwoByte();
        int blockBytes = 0;
        if (elementCount > 0) {
            blockBytes = extensionBytes + elementCount * (twoByte ? 2 : 1);
            blockBytes = (blockBytes + 3) & ~3;
        }
        int headerBytes = RtpPacket.FIXED_HEADER_BYTES + 4 * csrcCount + (elementCount > 0 ? 4 + blockBytes : 0);
        if (headerBytes > capacity) {
            throw new IllegalStateException("RTP header of " + headerBytes + " bytes exceeds capacity " + capacity);
        }
        byte[] b = buf;
        int p = off;
        b[p] = (byte) (0x80 | (elementCount > 0 ? 0x10 : 0) | csrcCount);
        b[p + 1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        b[p + 2] = (byte) (sequenceNumber >>> 8);
        b[p + 3] = (byte) sequenceNumber;
        putU32(b, p + 4, timestamp);
        putU32(b, p + 8, ssrc);
        p += 12;
        for (int i = 0; i < csrcCount; i++, p += 4) {
            putU32(b, p, csrcs[i]);
        }
        if (elementCount > 0) {
            int profile = twoByte ? RtpPacket.TWO_BYTE_PROFILE : RtpPacket.ONE_BYTE_PROFILE;
            b[p] = (byte) (profile >>> 8);
            b[p + 1] = (byte) profile;
            b[p + 2] = (byte) ((blockBytes / 4) >>> 8);
            b[p + 3] = (byte) (blockBytes / 4);
            int q = p + 4;
            for (int i = 0; i < elementCount; i++) {
                int l = elementLength[i];
                if (twoByte) {
                    b[q++] = (byte) elementId[i];
                    b[q++] = (byte) l;
                } else {
                    b[q++] = (byte) ((elementId[i] << 4) | (l - 1));
                }
                System.arraycopy(extensionData, elementOffset[i], b, q, l);
                q += l;
            }
            int end = p + 4 + blockBytes;
            while (q < end) {
                b[q++] = 0;
            }
            p = end;
        }
        payloadOffset = p;
        return p;
    }

    /** Space left for payload and padding after {@link #writeHeader()}. */
    public int payloadCapacity() {
        if (payloadOffset < 0) {
            throw new IllegalStateException("writeHeader() first");
        }
        return off + capacity - payloadOffset;
    }

    /**
     * Completes a packet whose {@code payloadLength} payload bytes the caller wrote at the offset
     * {@link #writeHeader()} returned, adding {@code paddingLength} padding bytes (0-255, RFC 3550 5.1).
     *
     * @return the packet's total length
     */
    public int finish(int payloadLength, int paddingLength) {
        if (payloadOffset < 0) {
            throw new IllegalStateException("writeHeader() first");
        }
        if (paddingLength < 0 || paddingLength > 255 || payloadLength < 0
                || payloadLength + paddingLength > payloadCapacity()) {
            throw new IllegalStateException("payload " + payloadLength + " + padding " + paddingLength
                    + " exceeds capacity " + payloadCapacity());
        }
        int end = payloadOffset + payloadLength;
        if (paddingLength > 0) {
            buf[off] |= 0x20;
            for (int i = 0; i < paddingLength - 1; i++) {
                buf[end + i] = 0;
            }
            buf[end + paddingLength - 1] = (byte) paddingLength;
        }
        return end + paddingLength - off;
    }

    /** Writes the header, copies the payload and finishes without padding; returns the packet length. */
    public int write(byte[] payload, int payloadOff, int payloadLength) {
        int at = writeHeader();
        if (payloadLength > payloadCapacity()) {
            throw new IllegalStateException("payload " + payloadLength + " exceeds capacity " + payloadCapacity());
        }
        System.arraycopy(payload, payloadOff, buf, at, payloadLength);
        return finish(payloadLength, 0);
    }

    static void putU32(byte[] b, int p, long v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }
}
