package dev.robusta.peer;

import java.util.Locale;

/** W3C RTCSignalingState. */
public enum RTCSignalingState {
    STABLE, HAVE_LOCAL_OFFER, HAVE_REMOTE_OFFER, HAVE_LOCAL_PRANSWER, HAVE_REMOTE_PRANSWER, CLOSED;

    /** "have-local-offer" and so on. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
