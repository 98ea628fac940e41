package dev.robusta.codec.h264;

import java.util.Objects;

/**
 * The H.264 Annex-B byte stream (ITU-T H.264 Annex B): NAL units each preceded by a start code {@code 00 00 01}
 * (or {@code 00 00 00 01}). What WebRTC hands to and takes from its H.264 codecs, and what {@code .264} files hold.
 * Static helpers over byte arrays; nothing allocates.
 */
public final class AnnexB {
    /** The four-byte start code WebRTC writes before every NAL unit. */
    public static final byte[] START_CODE = {0, 0, 0, 1};

    /** NAL unit types (H.264 table 7-1) that this package acts on. */
    public static final int NAL_SLICE = 1;
    public static final int NAL_IDR_SLICE = 5;
    public static final int NAL_SEI = 6;
    public static final int NAL_SPS = 7;
    public static final int NAL_PPS = 8;
    public static final int NAL_AUD = 9;
    public static final int NAL_END_OF_SEQUENCE = 10;
    public static final int NAL_END_OF_STREAM = 11;
    public static final int NAL_FILLER = 12;

    private AnnexB() {
    }

    /**
     * The index of the first byte after the next start code in {@code b[from .. end)}, or -1 when there is none.
     * The start code's first byte is at the returned index minus 3 (the zero before a four-byte code counts as
     * trailing zero of the previous NAL unit, which {@link #trimTrailingZeros} removes).
     */
    public static int nextNalStart(byte[] b, int from, int end) {
        Objects.checkFromToIndex(from, end, b.length);
        int i = from + 2;
        while (i < end) {
            byte x = b[i];
            if ((x & 0xFF) > 1) {
                i += 3; // b[i] cannot be any byte of a start code ending at i, i+1 or i+2
            } else if (x == 1 && b[i - 1] == 0 && b[i - 2] == 0) {
                return i + 1;
            } else {
                i++;
            }
        }
        return -1;
    }

    /** The end of a NAL unit ending at {@code end} once the zero bytes before the next start code are removed. */
    public static int trimTrailingZeros(byte[] b, int start, int end) {
        while (end > start && b[end - 1] == 0) {
            end--;
        }
        return end;
    }

    /** The nal_unit_type of the NAL unit whose header byte is {@code header}. */
    public static int nalType(byte header) {
        return header & 0x1F;
    }

    /** The nal_ref_idc of the NAL unit whose header byte is {@code header}. */
    public static int nalRefIdc(byte header) {
        return (header >> 5) & 3;
    }

    /**
     * True when a NAL unit starts a new access unit given what came before (H.264 7.4.1.2.3, for a decoder that
     * does not use redundant pictures): an AUD, SPS, PPS, SEI or types 14-18 before the first slice, or a slice whose
     * first_mb_in_slice is 0 (this stream's encoders never send arbitrary slice order).
     *
     * @param b      the bytes
     * @param nal    index of the NAL header byte
     * @param end    end of the NAL unit
     * @param seenSliceInCurrent whether the current access unit already has a slice
     */
    public static boolean startsAccessUnit(byte[] b, int nal, int end, boolean seenSliceInCurrent) {
        if (!seenSliceInCurrent) {
            return false;
        }
        int type = nalType(b[nal]);
        switch (type) {
            case NAL_AUD, NAL_SPS, NAL_PPS, NAL_SEI, 14, 15, 16, 17, 18 -> {
                return true;
            }
            case NAL_SLICE, NAL_IDR_SLICE -> {
                // first_mb_in_slice is ue(v): the value 0 is a single 1 bit, so the payload's top bit is set.
                return nal + 1 < end && (b[nal + 1] & 0x80) != 0;
            }
            default -> {
                return false;
            }
        }
    }

    /** True for a coded slice NAL unit type (non-IDR or IDR). */
    public static boolean isSlice(int nalType) {
        return nalType == NAL_SLICE || nalType == NAL_IDR_SLICE;
    }
}
