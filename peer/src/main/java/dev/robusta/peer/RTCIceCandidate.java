package dev.robusta.peer;

import dev.robusta.ice.Candidate;

/**
 * W3C RTCIceCandidate as it travels in signalling: the candidate line and the media section it belongs to. An
 * empty {@code candidate} is the end-of-candidates marker (RFC 8838 section 4.4).
 *
 * @param candidate        "candidate:..." or "" for end-of-candidates
 * @param sdpMid           the mid of the media section, or null
 * @param sdpMLineIndex    the index of the media section, or null
 * @param usernameFragment the ICE ufrag it belongs to, or null
 */
public record RTCIceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex, String usernameFragment) {
    public RTCIceCandidate {
        candidate = candidate == null ? "" : candidate;
    }

    public static RTCIceCandidate endOfCandidates(String sdpMid) {
        return new RTCIceCandidate("", sdpMid, 0, null);
    }

    public boolean isEndOfCandidates() {
        return candidate.isEmpty();
    }

    /** The parsed candidate; throws IllegalArgumentException with the bad field when malformed. */
    public Candidate toCandidate() {
        if (isEndOfCandidates()) {
            throw new IllegalStateException("end-of-candidates carries no candidate");
        }
        return Candidate.fromSdp(candidate);
    }
}
