package dev.robusta.ice.netty;

import dev.robusta.ice.IceEvent;
import dev.robusta.ice.IceGatheringState;
import dev.robusta.ice.IceTransport;

/**
 * Signalling between two transports in one process, for tests (shipped in the ice test-jar): credentials at once,
 * candidates and end-of-candidates as they are trickled.
 */
public final class LocalSignalling {
    private LocalSignalling() {}

    public static void wire(IceTransport a, IceTransport b) {
        trickle(a, b);
        trickle(b, a);
        a.setRemoteCredentials(b.localCredentials().ufrag(), b.localCredentials().password());
        b.setRemoteCredentials(a.localCredentials().ufrag(), a.localCredentials().password());
    }

    /** Forwards {@code from}'s candidates and end-of-candidates to {@code to}. */
    public static void trickle(IceTransport from, IceTransport to) {
        from.addEventListener(e -> {
            if (e instanceof IceEvent.LocalCandidate c) {
                to.addRemoteCandidate(c.candidate());
            } else if (e instanceof IceEvent.GatheringStateChanged g && g.state() == IceGatheringState.COMPLETE) {
                to.endOfRemoteCandidates();
            }
        });
    }
}
