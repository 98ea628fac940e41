package dev.robusta.codec.rtp;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** SDP fmtp helpers for H.264 (RFC 6184 section 8.1): sprop-parameter-sets and profile-level-id. */
public final class H264Parameters {
    private H264Parameters() {}

    /** The sprop-parameter-sets value: base64 NAL units separated by commas. */
    public static String spropParameterSets(byte[]... nalUnits) {
        StringBuilder sb = new StringBuilder();
        for (byte[] nal : nalUnits) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(Base64.getEncoder().encodeToString(nal));
        }
        return sb.toString();
    }

    /**
     * Parses sprop-parameter-sets.
     *
     * @throws IllegalArgumentException on bad base64 or an empty unit
     */
    public static byte[][] parseSpropParameterSets(String value) {
        List<byte[]> out = new ArrayList<>();
        for (String part : value.trim().split(",")) {
            byte[] nal = Base64.getDecoder().decode(part.trim());
            if (nal.length == 0) {
                throw new IllegalArgumentException("empty NAL unit in sprop-parameter-sets");
            }
            out.add(nal);
        }
        return out.toArray(new byte[0][]);
    }

    /** profile-level-id (6 hex digits: profile_idc, constraint flags, level_idc) from an SPS NAL unit. */
    public static String profileLevelId(byte[] sps) {
        if (sps.length < 4 || (sps[0] & 0x1F) != 7) {
            throw new IllegalArgumentException("not an SPS NAL unit");
        }
        return String.format("%02x%02x%02x", sps[1] & 0xFF, sps[2] & 0xFF, sps[3] & 0xFF);
    }
}
