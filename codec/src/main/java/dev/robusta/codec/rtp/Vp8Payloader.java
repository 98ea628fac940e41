package dev.robusta.codec.rtp;

/**
 * VP8 payloader (RFC 7741 section 4). Every payload starts with a payload descriptor: X set, a 15-bit picture id
 * (I, M) that increases per frame, and optionally TL0PICIDX (L) and TID/Y/KEYIDX (T, K) when temporal layers are
 * used. S is set on the frame's first payload, with partition index 0: frames are cut at the size limit, not
 * at partition boundaries, which RFC 7741 allows. Allocation-free.
 */
public final class Vp8Payloader implements RtpPayloader {
    private final int maxPayloadBytes;
    private final boolean temporalLayers;
    private int pictureId;
    private int tl0PicIdx;
    private byte[] frame;
    private int pos;
    private int end;
    private boolean first;
    private boolean marker;
    private int tid;
    private boolean layerSync;
    private int keyIdx = -1;
    private boolean nonReference;

    /**
     * @param maxPayloadBytes largest payload (MTU minus RTP header and extensions, SRTP tag)
     * @param temporalLayers  whether to carry TL0PICIDX and TID (RFC 7741 4.2 L and T)
     * @param initialPictureId first picture id (random in practice)
     */
    public Vp8Payloader(int maxPayloadBytes, boolean temporalLayers, int initialPictureId) {
        if (maxPayloadBytes < 8) {
            throw new IllegalArgumentException("payloads need room for the descriptor: " + maxPayloadBytes);
        }
        this.maxPayloadBytes = maxPayloadBytes;
        this.temporalLayers = temporalLayers;
        this.pictureId = initialPictureId & 0x7FFF;
    }

    /**
     * Starts a frame (one VP8 frame as the encoder produced it).
     *
     * @param temporalLayer TID (0-3), used when temporal layers are on
     * @param layerSync     Y: the frame depends only on the base layer
     * @param nonReference  N: no other frame references this one
     */
    public void setFrame(byte[] frame, int off, int len, int temporalLayer, boolean layerSync, boolean nonReference) {
        if (len <= 0) {
            throw new IllegalArgumentException("empty VP8 frame");
        }
        if (this.frame != null && pos < end) {
            throw new IllegalStateException("previous frame not fully packetized");
        }
        this.frame = frame;
        this.pos = off;
        this.end = off + len;
        this.first = true;
        this.tid = temporalLayer & 3;
        this.layerSync = layerSync;
        this.nonReference = nonReference;
        if (temporalLayers && tid == 0 && !firstFrameEver) {
            tl0PicIdx = (tl0PicIdx + 1) & 0xFF;
        }
        firstFrameEver = false;
    }

    private boolean firstFrameEver = true;

    public void setFrame(byte[] frame, int off, int len) {
        setFrame(frame, off, len, 0, false, false);
    }

    /** The picture id of the frame being packetized. */
    public int pictureId() {
        return pictureId;
    }

    @Override
    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    @Override
    public boolean hasNext() {
        return frame != null && pos < end;
    }

    private int descriptorLength() {
        return temporalLayers ? 6 : 4; // X byte, 2-byte picture id, [TL0PICIDX, TID byte]
    }

    @Override
    public int next(byte[] out, int off) {
        if (!hasNext()) {
            throw new IllegalStateException("no payload left");
        }
        int d = descriptorLength();
        int n = Math.min(end - pos, maxPayloadBytes - d);
        if (out.length - off < d + n) {
            throw new IndexOutOfBoundsException("payload of " + (d + n) + " bytes does not fit");
        }
        out[off] = (byte) (0x80 | (nonReference ? 0x20 : 0) | (first ? 0x10 : 0)); // X, N, S, PID 0
        out[off + 1] = (byte) (0x80 | (temporalLayers ? 0x60 : 0)); // I, L, T
        out[off + 2] = (byte) (0x80 | (pictureId >>> 8)); // M: 15-bit picture id
        out[off + 3] = (byte) pictureId;
        if (temporalLayers) {
            out[off + 4] = (byte) tl0PicIdx;
            out[off + 5] = (byte) ((tid << 6) | (layerSync ? 0x20 : 0));
        }
        System.arraycopy(frame, pos, out, off + d, n);
        pos += n;
        first = false;
        marker = pos == end;
        if (marker) {
            pictureId = (pictureId + 1) & 0x7FFF;
        }
        return d + n;
    }

    @Override
    public boolean marker() {
        return marker;
    }
}
