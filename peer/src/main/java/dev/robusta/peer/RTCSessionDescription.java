package dev.robusta.peer;

import java.util.Objects;

/** W3C RTCSessionDescription: a type and the SDP text (empty for rollback). */
public record RTCSessionDescription(RTCSdpType type, String sdp) {
    public RTCSessionDescription {
        Objects.requireNonNull(type, "type");
        sdp = sdp == null ? "" : sdp;
    }
}
