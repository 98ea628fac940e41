package dev.robusta.codec.rtp;

/**
 * H.264 depayloader (RFC 6184, packetization modes 0 and 1): single NAL unit packets, STAP-A and FU-A, rebuilt
 * into an access unit in Annex B form (a 4-byte start code before every NAL unit). The access unit completes at
 * the marker bit; it is a keyframe if it holds an IDR slice (NAL type 5). Parameter sets from SDP
 * (sprop-parameter-sets, see {@link H264Parameters}) can be given to put in front of keyframes that arrive
 * without them in-band.
 */
public final class H264Depayloader implements RtpDepayloader {
    private static final int STAP_A = 24;
    private static final int FU_A = 28;

    private final FrameAssembler frame = new FrameAssembler(64 * 1024);
    private byte[][] outOfBandParameterSets = new byte[0][];
    private boolean idr;
    private boolean haveSps;
    private boolean frameKeyframe;
    private boolean inFragment;
    private int lastSeq = -1;
    private boolean skipping;
    private long skipTimestamp;

    /** NAL units (without start codes) to insert before keyframes that lack an SPS in-band. */
    public void setParameterSets(byte[][] nalUnits) {
        this.outOfBandParameterSets = nalUnits.clone();
    }

    @Override
    public boolean push(int seq, long timestamp, boolean marker, byte[] p, int off, int len)
            throws RtpPayloadException {
        if (len < 1) {
            frame.drop();
            throw new RtpPayloadException("empty H.264 payload");
        }
        boolean contiguous = seq == ((lastSeq + 1) & 0xFFFF);
        lastSeq = seq;
        if (skipping && timestamp == skipTimestamp) {
            skipping = !marker; // the rest of an access unit that lost packets
            return false;
        }
        skipping = false;
        boolean newUnit = !frame.assembling() || timestamp != frame.timestamp();
        if (newUnit) {
            // After a gap, only a packet that certainly begins an access unit may start one.
            if (!contiguous && !isFrameStart(p, off, len)) {
                frame.drop();
                frame.dropped++;
                skip(timestamp, marker);
                return false;
            }
            frame.start(seq, timestamp);
            idr = false;
            haveSps = false;
            inFragment = false;
        } else if (!frame.continues(seq, timestamp)) {
            // A gap inside the access unit: it cannot be rebuilt.
            skip(timestamp, marker);
            return false;
        }
        try {
            append(p, off, len);
        } catch (RtpPayloadException e) {
            frame.drop();
            throw e;
        }
        if (marker) {
            if (inFragment) {
                frame.drop();
                throw new RtpPayloadException("access unit ends inside a fragmented NAL unit");
            }
            frame.finish();
            frameKeyframe = idr;
            if (idr && !haveSps && outOfBandParameterSets.length > 0) {
                prependParameterSets();
            }
            return true;
        }
        return false;
    }

    private void skip(long timestamp, boolean marker) {
        skipping = !marker;
        skipTimestamp = timestamp;
    }

    private void append(byte[] p, int off, int len) throws RtpPayloadException {
        int type = p[off] & 0x1F;
        if ((p[off] & 0x80) != 0) {
            throw new RtpPayloadException("forbidden_zero_bit set");
        }
        if (type >= 1 && type <= 23) {
            if (inFragment) {
                throw new RtpPayloadException("NAL unit inside an unfinished FU-A");
            }
            nal(p, off, len);
        } else if (type == STAP_A) {
            if (inFragment) {
                throw new RtpPayloadException("STAP-A inside an unfinished FU-A");
            }
            int i = off + 1;
            int end = off + len;
            if (i >= end) {
                throw new RtpPayloadException("empty STAP-A");
            }
            while (i < end) {
                if (i + 2 > end) {
                    throw new RtpPayloadException("STAP-A size field truncated");
                }
                int size = ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
                if (size == 0 || i + 2 + size > end) {
                    throw new RtpPayloadException("STAP-A unit of " + size + " bytes overruns payload");
                }
                nal(p, i + 2, size);
                i += 2 + size;
            }
        } else if (type == FU_A) {
            if (len < 3) {
                throw new RtpPayloadException("FU-A of " + len + " bytes");
            }
            int fu = p[off + 1] & 0xFF;
            boolean start = (fu & 0x80) != 0;
            boolean end = (fu & 0x40) != 0;
            if (start) {
                if (inFragment) {
                    throw new RtpPayloadException("FU-A start inside an unfinished FU-A");
                }
                int header = (p[off] & 0xE0) | (fu & 0x1F);
                noteType(fu & 0x1F);
                frame.startCode();
                frame.appendByte(header);
                inFragment = true;
            } else if (!inFragment) {
                throw new RtpPayloadException("FU-A continuation without its start");
            }
            frame.append(p, off + 2, len - 2);
            if (end) {
                inFragment = false;
            }
        } else {
            throw new RtpPayloadException("NAL unit type " + type + " not allowed in packetization modes 0 and 1");
        }
    }

    private void nal(byte[] p, int off, int len) {
        noteType(p[off] & 0x1F);
        frame.startCode();
        frame.append(p, off, len);
    }

    private void noteType(int type) {
        if (type == 5) {
            idr = true;
        } else if (type == 7) {
            haveSps = true;
        }
    }

    private void prependParameterSets() {
        byte[] au = java.util.Arrays.copyOf(frame.buffer(), frame.length());
        long ts = frame.timestamp();
        frame.start(0, ts);
        for (byte[] nal : outOfBandParameterSets) {
            frame.startCode();
            frame.append(nal, 0, nal.length);
        }
        frame.append(au, 0, au.length);
        frame.finish();
    }

    /** First packet of an access unit: AUD, SEI, SPS, or a slice (or FU-A start of one) with first_mb_in_slice 0. */
    @Override
    public boolean isFrameStart(byte[] p, int off, int len) {
        if (len < 2) {
            return false;
        }
        int type = p[off] & 0x1F;
        if (type == STAP_A) {
            return len >= 4 && startsUnit(p[off + 3] & 0x1F, len >= 5 ? p[off + 4] : 0);
        }
        if (type == FU_A) {
            return (p[off + 1] & 0x80) != 0 && len >= 3 && startsUnit(p[off + 1] & 0x1F, p[off + 2]);
        }
        return startsUnit(type, p[off + 1]);
    }

    private static boolean startsUnit(int type, byte firstPayloadByte) {
        if (type == 9 || type == 7 || type == 6) {
            return true;
        }
        // first_mb_in_slice is ue(v): 0 is coded as a single 1 bit.
        return (type == 1 || type == 5) && (firstPayloadByte & 0x80) != 0;
    }

    @Override
    public boolean isKeyframe(byte[] p, int off, int len) {
        if (len < 1) {
            return false;
        }
        int type = p[off] & 0x1F;
        if (type == STAP_A) {
            for (int i = off + 1; i + 2 < off + len; ) {
                int size = ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
                int t = p[i + 2] & 0x1F;
                if (t == 5 || t == 7) {
                    return true;
                }
                i += 2 + size;
            }
            return false;
        }
        if (type == FU_A) {
            return len >= 2 && (p[off + 1] & 0x1F) == 5;
        }
        return type == 5 || type == 7;
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
}
