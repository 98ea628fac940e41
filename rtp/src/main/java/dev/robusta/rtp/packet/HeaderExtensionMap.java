package dev.robusta.rtp.packet;

import java.util.Arrays;

/**
 * The header extensions a session negotiated (SDP {@code a=extmap}, RFC 8285 section 5): local id for each URI.
 * Lookups of the well-known extensions are field reads; {@link #idOf(String)} serves the rest.
 * Ids are 1-14 for the one-byte form and up to 255 when two-byte headers are allowed ({@code extmap-allow-mixed}).
 */
public final class HeaderExtensionMap {
    public static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public static final String RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public static final String REPAIRED_RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public static final String TRANSPORT_WIDE_CC =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public static final String VIDEO_ORIENTATION = "urn:3gpp:video-orientation";

    private final String[] uriById = new String[256];
    private int mid;
    private int rtpStreamId;
    private int repairedRtpStreamId;
    private int absSendTime;
    private int transportWideCc;
    private int audioLevel;
    private int videoOrientation;

    /**
     * Maps {@code uri} to {@code id}, replacing any URI the id had.
     *
     * @throws IllegalArgumentException if the id is outside 1-255 (0 is padding, RFC 8285 section 4.3)
     */
    public HeaderExtensionMap register(int id, String uri) {
        if (id < 1 || id > 255) {
            throw new IllegalArgumentException("extension id must be 1-255: " + id);
        }
        if (uriById[id] != null) {
            setKnown(uriById[id], 0);
        }
        int previous = idOf(uri);
        if (previous > 0) {
            uriById[previous] = null;
        }
        uriById[id] = uri;
        setKnown(uri, id);
        return this;
    }

    private void setKnown(String uri, int id) {
        switch (uri) {
            case MID -> mid = id;
            case RTP_STREAM_ID -> rtpStreamId = id;
            case REPAIRED_RTP_STREAM_ID -> repairedRtpStreamId = id;
            case ABS_SEND_TIME -> absSendTime = id;
            case TRANSPORT_WIDE_CC -> transportWideCc = id;
            case AUDIO_LEVEL -> audioLevel = id;
            case VIDEO_ORIENTATION -> videoOrientation = id;
            default -> { }
        }
    }

    /** The id of {@code uri}, or 0 if it was not negotiated. */
    public int idOf(String uri) {
        for (int i = 1; i < uriById.length; i++) {
            if (uri.equals(uriById[i])) {
                return i;
            }
        }
        return 0;
    }

    /** The URI mapped to {@code id}, or null. */
    public String uriOf(int id) {
        return id > 0 && id < uriById.length ? uriById[id] : null;
    }

    public int mid() {
        return mid;
    }

    public int rtpStreamId() {
        return rtpStreamId;
    }

    public int repairedRtpStreamId() {
        return repairedRtpStreamId;
    }

    public int absSendTime() {
        return absSendTime;
    }

    public int transportWideCc() {
        return transportWideCc;
    }

    public int audioLevel() {
        return audioLevel;
    }

    public int videoOrientation() {
        return videoOrientation;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("HeaderExtensionMap{");
        for (int i = 1; i < uriById.length; i++) {
            if (uriById[i] != null) {
                sb.append(i).append('=').append(uriById[i]).append(", ");
            }
        }
        return sb.append('}').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeaderExtensionMap m && Arrays.equals(uriById, m.uriById);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(uriById);
    }
}
