package dev.robusta.codec.rtp;

import java.util.Arrays;

/**
 * H.264 payloader (RFC 6184). Takes one access unit in Annex B byte-stream form (start codes) and sends each NAL
 * unit as a single NAL unit packet, aggregates consecutive small NAL units (e.g. SPS, PPS) into STAP-A packets,
 * and fragments NAL units larger than the payload limit into FU-A packets. Packetization mode 0 allows only
 * single NAL unit packets and refuses NAL units that do not fit. Allocation-free once its NAL index has grown to
 * the largest access unit.
 */
public final class H264Payloader implements RtpPayloader {
    private static final int STAP_A = 24;
    private static final int FU_A = 28;

    private final int maxPayloadBytes;
    private final int packetizationMode;
    private int[] nalStart = new int[32];
    private int[] nalEnd = new int[32];
    private int nalCount;
    private int nalIndex;
    private int fragmentPos = -1; // position inside the current NAL while fragmenting; -1 when not
    private byte[] frame;
    private boolean marker;

    /**
     * @param maxPayloadBytes   largest payload
     * @param packetizationMode 0 (single NAL unit) or 1 (non-interleaved: STAP-A and FU-A)
     */
    public H264Payloader(int maxPayloadBytes, int packetizationMode) {
        if (packetizationMode != 0 && packetizationMode != 1) {
            throw new IllegalArgumentException("packetization-mode 0 or 1: " + packetizationMode);
        }
        if (maxPayloadBytes < 16) {
            throw new IllegalArgumentException("payload limit too small: " + maxPayloadBytes);
        }
        this.maxPayloadBytes = maxPayloadBytes;
        this.packetizationMode = packetizationMode;
    }

    /**
     * Starts an access unit in Annex B form.
     *
     * @throws IllegalArgumentException if it holds no NAL unit, or (mode 0) a NAL unit larger than the limit
     */
    public void setFrame(byte[] accessUnit, int off, int len) {
        if (hasNext()) {
            throw new IllegalStateException("previous access unit not fully packetized");
        }
        nalCount = 0;
        int end = off + len;
        int i = off;
        int start = -1;
        while (i + 2 < end) {
            if (accessUnit[i] == 0 && accessUnit[i + 1] == 0 && accessUnit[i + 2] == 1) {
                if (start >= 0) {
                    addNal(accessUnit, start, i);
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0) {
            addNal(accessUnit, start, end);
        }
        if (nalCount == 0) {
            throw new IllegalArgumentException("no NAL unit in access unit (Annex B start codes expected)");
        }
        if (packetizationMode == 0) {
            for (int n = 0; n < nalCount; n++) {
                if (nalEnd[n] - nalStart[n] > maxPayloadBytes) {
                    nalCount = 0;
                    throw new IllegalArgumentException("NAL unit of " + (nalEnd[n] - nalStart[n])
                            + " bytes exceeds " + maxPayloadBytes + " in packetization-mode 0");
                }
            }
        }
        frame = accessUnit;
        nalIndex = 0;
        fragmentPos = -1;
    }

    private void addNal(byte[] b, int start, int end) {
        // Trailing zero bytes belong to the next start code (zero_byte) or are trailing_zero_8bits.
        while (end > start && b[end - 1] == 0) {
            end--;
        }
        if (end <= start) {
            return;
        }
        if (nalCount == nalStart.length) {
            nalStart = Arrays.copyOf(nalStart, nalCount * 2);
            nalEnd = Arrays.copyOf(nalEnd, nalCount * 2);
        }
        nalStart[nalCount] = start;
        nalEnd[nalCount] = end;
        nalCount++;
    }

    @Override
    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    @Override
    public boolean hasNext() {
        return nalIndex < nalCount;
    }

    @Override
    public int next(byte[] out, int off) {
        if (!hasNext()) {
            throw new IllegalStateException("no payload left");
        }
        if (out.length - off < Math.min(maxPayloadBytes, remainingBytes() + 16)) {
            throw new IndexOutOfBoundsException("no room for a payload at " + off);
        }
        int size = nalEnd[nalIndex] - nalStart[nalIndex];
        if (fragmentPos < 0 && size <= maxPayloadBytes) {
            int aggregated = packetizationMode == 1 ? aggregateCount() : 1;
            if (aggregated >= 2) {
                return writeStapA(out, off, aggregated);
            }
            System.arraycopy(frame, nalStart[nalIndex], out, off, size);
            nalIndex++;
            marker = nalIndex == nalCount;
            return size;
        }
        return writeFuA(out, off);
    }

    private int remainingBytes() {
        return nalEnd[nalCount - 1] - nalStart[nalIndex];
    }

    /** How many NAL units from nalIndex fit one STAP-A (1 header byte, 2 size bytes per unit). */
    private int aggregateCount() {
        int total = 1;
        int n = 0;
        for (int k = nalIndex; k < nalCount; k++) {
            int size = nalEnd[k] - nalStart[k];
            if (total + 2 + size > maxPayloadBytes) {
                break;
            }
            total += 2 + size;
            n++;
        }
        return n;
    }

    private int writeStapA(byte[] out, int off, int count) {
        int f = 0;
        int nri = 0;
        int p = off + 1;
        for (int k = 0; k < count; k++) {
            int s = nalStart[nalIndex];
            int size = nalEnd[nalIndex] - s;
            f |= frame[s] & 0x80;
            nri = Math.max(nri, frame[s] & 0x60);
            out[p] = (byte) (size >>> 8);
            out[p + 1] = (byte) size;
            System.arraycopy(frame, s, out, p + 2, size);
            p += 2 + size;
            nalIndex++;
        }
        out[off] = (byte) (f | nri | STAP_A);
        marker = nalIndex == nalCount;
        return p - off;
    }

    private int writeFuA(byte[] out, int off) {
        int s = nalStart[nalIndex];
        int e = nalEnd[nalIndex];
        int header = frame[s] & 0xFF;
        boolean start = fragmentPos < 0;
        if (start) {
            fragmentPos = s + 1; // the NAL header is carried in the FU indicator and header
        }
        int n = Math.min(e - fragmentPos, maxPayloadBytes - 2);
        boolean last = fragmentPos + n == e;
        out[off] = (byte) ((header & 0xE0) | FU_A);
        out[off + 1] = (byte) ((start ? 0x80 : 0) | (last ? 0x40 : 0) | (header & 0x1F));
        System.arraycopy(frame, fragmentPos, out, off + 2, n);
        fragmentPos += n;
        if (last) {
            fragmentPos = -1;
            nalIndex++;
        }
        marker = nalIndex == nalCount;
        return n + 2;
    }

    @Override
    public boolean marker() {
        return marker;
    }
}
