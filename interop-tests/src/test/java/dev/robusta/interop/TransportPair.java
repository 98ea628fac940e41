package dev.robusta.interop;

import dev.robusta.ice.IceEvent;
import dev.robusta.ice.IceGatheringState;
import dev.robusta.ice.IceTransport;

/** Signalling between two of our transports in one process: credentials now, candidates as they are trickled. */
final class TransportPair {
    private TransportPair() {}

    static void wire(IceTransport a, IceTransport b) {
        trickle(a, b);
        trickle(b, a);
        a.setRemoteCredentials(b.localCredentials().ufrag(), b.localCredentials().password());
        b.setRemoteCredentials(a.localCredentials().ufrag(), a.localCredentials().password());
    }

    private static void trickle(IceTransport from, IceTransport to) {
        from.addEventListener(e -> {
            if (e instanceof IceEvent.LocalCandidate c) {
                to.addRemoteCandidate(c.candidate());
            } else if (e instanceof IceEvent.GatheringStateChanged g && g.state() == IceGatheringState.COMPLETE) {
                to.endOfRemoteCandidates();
            }
        });
    }
}
