package dev.robusta.peer;

import dev.robusta.dtls.DtlsCertificate;
import dev.robusta.ice.IceAgentConfig;
import java.util.List;
import java.util.Objects;

/**
 * W3C RTCConfiguration. Unlike aiortc, no public STUN server is used when none is given: a connection with
 * {@code iceServers} empty gathers host candidates only.
 *
 * @param iceServers         STUN and TURN servers
 * @param iceTransportPolicy "all" or "relay"
 * @param bundlePolicy       only max-bundle is implemented; balanced and max-compat are accepted and behave as
 *                           max-bundle when the peer supports BUNDLE (all browsers do)
 * @param certificates       W3C certificates: the DTLS certificate to use (the first one), or empty to generate
 *                           an ECDSA P-256 one per connection; reusing one keeps the SDP fingerprint stable
 * @param ice                lower-level ICE settings (interfaces, timers); the servers and policy above win
 */
public record RTCConfiguration(List<RTCIceServer> iceServers, IceTransportPolicy iceTransportPolicy,
                               BundlePolicy bundlePolicy, List<DtlsCertificate> certificates, IceAgentConfig ice) {
    public enum IceTransportPolicy { ALL, RELAY }

    public enum BundlePolicy { BALANCED, MAX_COMPAT, MAX_BUNDLE }

    public RTCConfiguration {
        iceServers = List.copyOf(Objects.requireNonNull(iceServers, "iceServers"));
        Objects.requireNonNull(iceTransportPolicy, "iceTransportPolicy");
        Objects.requireNonNull(bundlePolicy, "bundlePolicy");
        certificates = List.copyOf(Objects.requireNonNull(certificates, "certificates"));
        Objects.requireNonNull(ice, "ice");
    }

    public static RTCConfiguration defaults() {
        return new RTCConfiguration(List.of(), IceTransportPolicy.ALL, BundlePolicy.MAX_BUNDLE, List.of(),
                IceAgentConfig.builder().build());
    }

    public RTCConfiguration withIceServers(List<RTCIceServer> servers) {
        return new RTCConfiguration(servers, iceTransportPolicy, bundlePolicy, certificates, ice);
    }

    public RTCConfiguration withIce(IceAgentConfig config) {
        return new RTCConfiguration(iceServers, iceTransportPolicy, bundlePolicy, certificates, config);
    }

    public RTCConfiguration withIceTransportPolicy(IceTransportPolicy policy) {
        return new RTCConfiguration(iceServers, policy, bundlePolicy, certificates, ice);
    }

    public RTCConfiguration withBundlePolicy(BundlePolicy policy) {
        return new RTCConfiguration(iceServers, iceTransportPolicy, policy, certificates, ice);
    }

    /** The DTLS certificate every connection made with this configuration uses. */
    public RTCConfiguration withCertificate(DtlsCertificate certificate) {
        return new RTCConfiguration(iceServers, iceTransportPolicy, bundlePolicy, List.of(certificate), ice);
    }

    /** The agent configuration: {@link #ice()} with this configuration's servers and policy. */
    public IceAgentConfig toIceAgentConfig() {
        IceAgentConfig.Builder b = ice.toBuilder();
        for (RTCIceServer s : iceServers) {
            b.iceServers(s.toIceServers());
        }
        b.candidatePolicy(iceTransportPolicy == IceTransportPolicy.RELAY
                ? IceAgentConfig.CandidatePolicy.RELAY_ONLY : IceAgentConfig.CandidatePolicy.ALL);
        return b.build();
    }
}
