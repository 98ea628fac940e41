package dev.robusta.peer.jsep;

import dev.robusta.ice.Candidate;
import java.util.List;
import java.util.Objects;

/**
 * What this endpoint puts in its descriptions about its one BUNDLE transport: ICE credentials and gathered
 * candidates, the DTLS certificate fingerprint(s), and the SCTP settings.
 *
 * @param iceUfrag          local ice-ufrag
 * @param icePwd            local ice-pwd
 * @param candidates        candidates gathered so far (trickle sends the rest later)
 * @param gatheringComplete whether to add a=end-of-candidates
 * @param fingerprints      "sha-256 AB:CD:..." values, one per certificate
 * @param sctpPort          the SCTP port (5000 by convention)
 * @param maxMessageSize    the largest data-channel message we accept, advertised as a=max-message-size
 */
public record LocalTransportParameters(String iceUfrag, String icePwd, List<Candidate> candidates,
                                       boolean gatheringComplete, List<String> fingerprints, int sctpPort,
                                       long maxMessageSize) {
    public LocalTransportParameters {
        Objects.requireNonNull(iceUfrag, "iceUfrag");
        Objects.requireNonNull(icePwd, "icePwd");
        candidates = List.copyOf(candidates);
        fingerprints = List.copyOf(fingerprints);
        if (fingerprints.isEmpty()) {
            throw new IllegalArgumentException("a DTLS fingerprint is required");
        }
    }
}
