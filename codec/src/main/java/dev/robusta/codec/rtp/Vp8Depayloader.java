package dev.robusta.codec.rtp;

/**
 * VP8 depayloader (RFC 7741 section 4): parses each payload descriptor, starts a frame at S=1 with partition
 * index 0, appends the rest, and completes the frame at the marker bit. A frame is a keyframe when the first
 * byte of its VP8 payload header has P = 0 (RFC 7741 4.3). Descriptor fields of the last payload are kept for
 * the caller (picture id, TL0PICIDX, TID).
 */
public final class Vp8Depayloader implements RtpDepayloader {
    private final FrameAssembler frame = new FrameAssembler(64 * 1024);
    private boolean keyframe;
    private boolean frameKeyframe;
    private int pictureId = -1;
    private int tl0PicIdx = -1;
    private int tid = -1;
    private int descriptorLength;

    /**
     * Parses the descriptor at {@code off}.
     *
     * @return its length
     */
    private int parseDescriptor(byte[] p, int off, int len) throws RtpPayloadException {
        if (len < 1) {
            throw new RtpPayloadException("empty VP8 payload");
        }
        int b0 = p[off] & 0xFF;
        int i = 1;
        pictureId = -1;
        tl0PicIdx = -1;
        tid = -1;
        if ((b0 & 0x80) != 0) {
            if (len < 2) {
                throw new RtpPayloadException("VP8 descriptor truncated");
            }
            int x = p[off + 1] & 0xFF;
            i = 2;
            if ((x & 0x80) != 0) { // I
                if (len < i + 1) {
                    throw new RtpPayloadException("VP8 picture id truncated");
                }
                int m = p[off + i] & 0xFF;
                if ((m & 0x80) != 0) {
                    if (len < i + 2) {
                        throw new RtpPayloadException("VP8 15-bit picture id truncated");
                    }
                    pictureId = ((m & 0x7F) << 8) | (p[off + i + 1] & 0xFF);
                    i += 2;
                } else {
                    pictureId = m;
                    i += 1;
                }
            }
            if ((x & 0x40) != 0) { // L
                if (len < i + 1) {
                    throw new RtpPayloadException("VP8 TL0PICIDX truncated");
                }
                tl0PicIdx = p[off + i] & 0xFF;
                i++;
            }
            if ((x & 0x30) != 0) { // T or K
                if (len < i + 1) {
                    throw new RtpPayloadException("VP8 TID/KEYIDX truncated");
                }
                if ((x & 0x20) != 0) {
                    tid = (p[off + i] & 0xFF) >>> 6;
                }
                i++;
            }
        }
        return i;
    }

    @Override
    public boolean isFrameStart(byte[] p, int off, int len) {
        try {
            int d = parseDescriptor(p, off, len);
            return (p[off] & 0x10) != 0 && (p[off] & 0x0F) == 0 && d < len;
        } catch (RtpPayloadException e) {
            return false;
        }
    }

    @Override
    public boolean isKeyframe(byte[] p, int off, int len) {
        try {
            int d = parseDescriptor(p, off, len);
            return d < len && (p[off + d] & 0x01) == 0;
        } catch (RtpPayloadException e) {
            return false;
        }
    }

    @Override
    public boolean push(int seq, long timestamp, boolean marker, byte[] p, int off, int len)
            throws RtpPayloadException {
        int d;
        try {
            d = parseDescriptor(p, off, len);
        } catch (RtpPayloadException e) {
            frame.drop();
            throw e;
        }
        descriptorLength = d;
        boolean start = (p[off] & 0x10) != 0 && (p[off] & 0x0F) == 0;
        if (start) {
            if (d >= len) {
                frame.drop();
                throw new RtpPayloadException("VP8 frame start without payload header");
            }
            frame.start(seq, timestamp);
            keyframe = (p[off + d] & 0x01) == 0;
        } else if (!frame.continues(seq, timestamp)) {
            return false; // missing start or a gap: wait for the next frame start
        }
        frame.append(p, off + d, len - d);
        if (marker) {
            frame.finish();
            frameKeyframe = keyframe;
            return true;
        }
        return false;
    }

    @Override
    public byte[] frame() {
        return frame.buffer();
    }

    @Override
    public int frameLength() {
        return frame.length();
    }

    @Override
    public long frameTimestamp() {
        return frame.timestamp();
    }

    @Override
    public boolean frameIsKeyframe() {
        return frameKeyframe;
    }

    @Override
    public long framesDropped() {
        return frame.dropped;
    }

    /** Picture id of the last payload's descriptor, or -1. */
    public int pictureId() {
        return pictureId;
    }

    /** TL0PICIDX of the last payload's descriptor, or -1. */
    public int tl0PicIdx() {
        return tl0PicIdx;
    }

    /** TID of the last payload's descriptor, or -1. */
    public int temporalLayer() {
        return tid;
    }

    int lastDescriptorLength() {
        return descriptorLength;
    }
}
