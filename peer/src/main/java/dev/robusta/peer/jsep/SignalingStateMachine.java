package dev.robusta.peer.jsep;

import dev.robusta.peer.InvalidStateException;
import dev.robusta.peer.RTCSdpType;
import dev.robusta.peer.RTCSignalingState;

/**
 * The JSEP signalling state machine (RFC 8829 section 3.2, W3C webrtc section 4.3.1): which descriptions may be
 * applied in which state, and the state that follows. Rollback returns to stable from either offer state.
 */
public final class SignalingStateMachine {
    private RTCSignalingState state = RTCSignalingState.STABLE;

    public RTCSignalingState state() {
        return state;
    }

    /** The state after applying a local description of this type; the current state is unchanged on error. */
    public RTCSignalingState nextForLocal(RTCSdpType type) {
        switch (state) {
            case STABLE:
                if (type == RTCSdpType.OFFER) {
                    return RTCSignalingState.HAVE_LOCAL_OFFER;
                }
                break;
            case HAVE_LOCAL_OFFER:
                if (type == RTCSdpType.OFFER) {
                    return RTCSignalingState.HAVE_LOCAL_OFFER; // a new local offer replaces the previous one
                }
                if (type == RTCSdpType.ROLLBACK) {
                    return RTCSignalingState.STABLE;
                }
                break;
            case HAVE_REMOTE_OFFER:
            case HAVE_LOCAL_PRANSWER:
                if (type == RTCSdpType.ANSWER) {
                    return RTCSignalingState.STABLE;
                }
                if (type == RTCSdpType.PRANSWER) {
                    return RTCSignalingState.HAVE_LOCAL_PRANSWER;
                }
                if (type == RTCSdpType.ROLLBACK && state == RTCSignalingState.HAVE_REMOTE_OFFER) {
                    return RTCSignalingState.STABLE;
                }
                break;
            default:
                break;
        }
        throw refused("local", type);
    }

    /** The state after applying a remote description of this type. */
    public RTCSignalingState nextForRemote(RTCSdpType type) {
        switch (state) {
            case STABLE:
                if (type == RTCSdpType.OFFER) {
                    return RTCSignalingState.HAVE_REMOTE_OFFER;
                }
                break;
            case HAVE_REMOTE_OFFER:
                if (type == RTCSdpType.OFFER) {
                    return RTCSignalingState.HAVE_REMOTE_OFFER;
                }
                if (type == RTCSdpType.ROLLBACK) {
                    return RTCSignalingState.STABLE;
                }
                break;
            case HAVE_LOCAL_OFFER:
            case HAVE_REMOTE_PRANSWER:
                if (type == RTCSdpType.ANSWER) {
                    return RTCSignalingState.STABLE;
                }
                if (type == RTCSdpType.PRANSWER) {
                    return RTCSignalingState.HAVE_REMOTE_PRANSWER;
                }
                if (type == RTCSdpType.ROLLBACK && state == RTCSignalingState.HAVE_LOCAL_OFFER) {
                    return RTCSignalingState.STABLE;
                }
                break;
            default:
                break;
        }
        throw refused("remote", type);
    }

    /** Moves to a state previously returned by {@link #nextForLocal} or {@link #nextForRemote}. */
    public void moveTo(RTCSignalingState next) {
        state = next;
    }

    public void close() {
        state = RTCSignalingState.CLOSED;
    }

    private InvalidStateException refused(String side, RTCSdpType type) {
        return new InvalidStateException("cannot set a " + side + " " + type.jsonName() + " in signaling state "
                + state.jsonName());
    }
}
