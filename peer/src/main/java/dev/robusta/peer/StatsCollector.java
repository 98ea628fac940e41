package dev.robusta.peer;

import dev.robusta.dtls.DtlsConnectionInfo;
import dev.robusta.dtls.DtlsFingerprint;
import dev.robusta.dtls.DtlsState;
import dev.robusta.dtls.DtlsTransport;
import dev.robusta.ice.Candidate;
import dev.robusta.ice.CandidatePair;
import dev.robusta.ice.CandidatePairStats;
import dev.robusta.ice.netty.NettyIceTransport;
import dev.robusta.sctp.DataChannel;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a connection's {@link RTCStatsReport} (W3C webrtc-stats) on its event loop, where the ICE core's state
 * lives, and keeps the per-pair data counters stats need: the ICE transport counts data datagrams as a whole,
 * and since only the selected pair carries data, each pair's share is what the transport counted while that
 * pair was selected.
 */
final class StatsCollector {
    private static final String TRANSPORT_ID = "T01";
    private static final String PEER_CONNECTION_ID = "P";

    /** Data counters (packets sent, bytes sent, packets received, bytes received) per pair key, loop only. */
    private final Map<String, long[]> pairTraffic = new HashMap<>();
    private String selectedKey;
    private final long[] trafficAtSelection = new long[4];
    private long selectedPairChanges;

    /** Loop: the selected pair changed; what the transport counted so far belongs to the previous one. */
    void onSelectedPair(CandidatePair pair, NettyIceTransport ice) {
        long[] now = traffic(ice);
        settle(now);
        selectedKey = pairKey(pair);
        System.arraycopy(now, 0, trafficAtSelection, 0, 4);
        selectedPairChanges++;
    }

    private void settle(long[] now) {
        if (selectedKey != null) {
            long[] t = pairTraffic.computeIfAbsent(selectedKey, k -> new long[4]);
            for (int i = 0; i < 4; i++) {
                t[i] += now[i] - trafficAtSelection[i];
            }
            System.arraycopy(now, 0, trafficAtSelection, 0, 4);
        }
    }

    private static long[] traffic(NettyIceTransport ice) {
        return new long[] {ice.packetsSent(), ice.bytesSent(), ice.packetsReceived(), ice.bytesReceived()};
    }

    /** Loop: everything the connection knows now. */
    RTCStatsReport collect(Inputs in) {
        double now = System.currentTimeMillis();
        List<RTCStats> out = new ArrayList<>();

        int opened = 0;
        int closed = 0;
        for (RTCDataChannel c : in.channels()) {
            opened += c.hasOpened() ? 1 : 0;
            closed += c.hasClosedAfterOpen() ? 1 : 0;
        }
        Map<String, Object> pc = new LinkedHashMap<>();
        pc.put("dataChannelsOpened", (long) opened);
        pc.put("dataChannelsClosed", (long) closed);
        out.add(new RTCStats(PEER_CONNECTION_ID, RTCStatsType.PEER_CONNECTION, now, pc));

        NettyIceTransport ice = in.ice();
        settle(traffic(ice));
        String localCertId = certificateId(in.localFingerprint());
        out.add(certificate(localCertId, in.localFingerprint(), in.localCertificateDer(), now));
        DtlsConnectionInfo info = in.dtlsInfo();
        String remoteCertId = null;
        if (info != null) {
            remoteCertId = certificateId(info.remoteFingerprint());
            if (!remoteCertId.equals(localCertId)) { // the same certificate on both ends appears once
                out.add(certificate(remoteCertId, info.remoteFingerprint(), info.remoteCertificateDer(), now));
            }
        }

        Map<String, Candidate> locals = new LinkedHashMap<>();
        Map<String, Candidate> remotes = new LinkedHashMap<>();
        for (Candidate c : ice.localCandidates()) {
            locals.putIfAbsent(candidateId("IL", c), c);
        }
        for (Candidate c : ice.remoteCandidates()) {
            remotes.putIfAbsent(candidateId("IR", c), c);
        }
        List<CandidatePairStats> pairs = ice.pairStats();
        CandidatePair selected = ice.selectedPair();
        String selectedPairId = null;
        java.util.Set<String> pairIds = new java.util.HashSet<>();
        for (CandidatePairStats p : pairs) {
            String localId = candidateId("IL", p.pair().local());
            String remoteId = candidateId("IR", p.pair().remote());
            locals.putIfAbsent(localId, p.pair().local());
            remotes.putIfAbsent(remoteId, p.pair().remote());
            String id = "CP" + localId.substring(2) + "_" + remoteId.substring(2);
            if (!pairIds.add(id)) {
                // During an ICE restart the pair still in use, of the previous generation and listed last, can
                // have the addresses of a pair on the new check list; ids stay unique, and it stays the selected.
                id = id + "-previous";
            }
            if (selected != null && pairKey(selected).equals(pairKey(p.pair()))) {
                selectedPairId = id;
            }
            out.add(candidatePair(id, localId, remoteId, p, now));
        }
        for (Map.Entry<String, Candidate> e : locals.entrySet()) {
            out.add(candidate(e.getKey(), RTCStatsType.LOCAL_CANDIDATE, e.getValue(),
                    ice.localCredentials().ufrag(), now));
        }
        for (Map.Entry<String, Candidate> e : remotes.entrySet()) {
            out.add(candidate(e.getKey(), RTCStatsType.REMOTE_CANDIDATE, e.getValue(), in.remoteUfrag(), now));
        }

        Map<String, Object> t = new LinkedHashMap<>();
        t.put("packetsSent", ice.packetsSent());
        t.put("packetsReceived", ice.packetsReceived());
        t.put("bytesSent", ice.bytesSent());
        t.put("bytesReceived", ice.bytesReceived());
        t.put("iceRole", ice.role() == null ? "unknown" : ice.role().name().toLowerCase(Locale.ROOT));
        t.put("iceLocalUsernameFragment", ice.localCredentials().ufrag());
        t.put("iceState", in.iceState());
        DtlsTransport dtls = in.dtls();
        t.put("dtlsState", dtls == null ? "new" : dtlsStateName(dtls.state()));
        if (selectedPairId != null) {
            t.put("selectedCandidatePairId", selectedPairId);
        }
        t.put("localCertificateId", localCertId);
        if (remoteCertId != null) {
            t.put("remoteCertificateId", remoteCertId);
        }
        if (info != null) {
            t.put("tlsVersion", tlsVersion(info.protocolVersion()));
            t.put("dtlsCipher", info.cipherSuite());
            info.srtpKeys().ifPresent(k -> t.put("srtpCipher", k.profile().rfcName().substring("SRTP_".length())));
        }
        t.put("dtlsRole", dtls == null ? "unknown" : dtls.role().name().toLowerCase(Locale.ROOT));
        t.put("selectedCandidatePairChanges", selectedPairChanges);
        out.add(new RTCStats(TRANSPORT_ID, RTCStatsType.TRANSPORT, now, t));

        for (RTCDataChannel c : in.channels()) {
            out.add(dataChannel(c, now));
        }
        return new RTCStatsReport(out);
    }

    private RTCStats candidatePair(String id, String localId, String remoteId, CandidatePairStats p, double now) {
        long[] traffic = pairTraffic.getOrDefault(pairKey(p.pair()), new long[4]);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transportId", TRANSPORT_ID);
        m.put("localCandidateId", localId);
        m.put("remoteCandidateId", remoteId);
        m.put("state", p.pair().state().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("nominated", p.pair().nominated());
        m.put("packetsSent", traffic[0]);
        m.put("packetsReceived", traffic[2]);
        m.put("bytesSent", traffic[1]);
        m.put("bytesReceived", traffic[3]);
        m.put("totalRoundTripTime", p.totalRoundTripTimeNanos() / 1e9);
        if (p.currentRoundTripTimeNanos() >= 0) {
            m.put("currentRoundTripTime", p.currentRoundTripTimeNanos() / 1e9);
        }
        m.put("requestsReceived", p.requestsReceived());
        m.put("requestsSent", p.requestsSent());
        m.put("responsesReceived", p.responsesReceived());
        m.put("responsesSent", p.responsesSent());
        return new RTCStats(id, RTCStatsType.CANDIDATE_PAIR, now, m);
    }

    private static RTCStats candidate(String id, RTCStatsType type, Candidate c, String ufrag, double now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transportId", TRANSPORT_ID);
        m.put("address", Candidate.hostString(c.address()));
        m.put("port", (long) c.address().getPort());
        m.put("protocol", c.transport());
        m.put("candidateType", c.type().sdpName());
        m.put("priority", c.priority());
        m.put("foundation", c.foundation());
        if (c.relatedAddress() != null) {
            m.put("relatedAddress", Candidate.hostString(c.relatedAddress()));
            m.put("relatedPort", (long) c.relatedAddress().getPort());
        }
        if (c.type() == dev.robusta.ice.CandidateType.RELAY && type == RTCStatsType.LOCAL_CANDIDATE) {
            m.put("relayProtocol", "udp"); // our TURN client allocates over UDP
        }
        if (ufrag != null) {
            m.put("usernameFragment", ufrag);
        }
        return new RTCStats(id, type, now, m);
    }

    private static RTCStats certificate(String id, DtlsFingerprint fingerprint, byte[] der, double now) {
        Map<String, Object> m = new LinkedHashMap<>();
        String sdp = fingerprint.toSdpValue(); // "sha-256 AB:CD:..."
        int space = sdp.indexOf(' ');
        m.put("fingerprint", sdp.substring(space + 1));
        m.put("fingerprintAlgorithm", sdp.substring(0, space));
        m.put("base64Certificate", Base64.getEncoder().encodeToString(der));
        return new RTCStats(id, RTCStatsType.CERTIFICATE, now, m);
    }

    private static RTCStats dataChannel(RTCDataChannel c, double now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", c.label());
        m.put("protocol", c.protocol());
        if (c.id() >= 0) {
            m.put("dataChannelIdentifier", (long) c.id());
        }
        m.put("state", c.readyState().name().toLowerCase(Locale.ROOT));
        DataChannel bound = c.boundChannel();
        m.put("messagesSent", bound == null ? 0L : bound.messagesSent());
        m.put("bytesSent", bound == null ? 0L : bound.bytesSent());
        m.put("messagesReceived", bound == null ? 0L : bound.messagesReceived());
        m.put("bytesReceived", bound == null ? 0L : bound.bytesReceived());
        return new RTCStats(c.statsId(), RTCStatsType.DATA_CHANNEL, now, m);
    }

    private static String certificateId(DtlsFingerprint f) {
        String sdp = f.toSdpValue();
        return "CF" + sdp.substring(sdp.indexOf(' ') + 1);
    }

    /** Stable across reports: the same candidate always gets the same id. */
    private static String candidateId(String prefix, Candidate c) {
        return prefix + c.type().sdpName() + "-" + c.transport() + "-" + Candidate.hostString(c.address()) + "-"
                + c.address().getPort();
    }

    private static String pairKey(CandidatePair p) {
        return p.local().address() + "|" + p.remote().address();
    }

    private static String dtlsStateName(DtlsState s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    /** W3C tlsVersion: the version field as hex, as browsers show it (DTLS 1.2 is FEFD). */
    private static String tlsVersion(String protocolVersion) {
        return switch (protocolVersion) {
            case "DTLS 1.2" -> "FEFD";
            case "DTLS 1.0" -> "FEFF";
            default -> protocolVersion;
        };
    }

    /** What the connection hands the collector; read on the loop. */
    record Inputs(NettyIceTransport ice, String iceState, String remoteUfrag, DtlsTransport dtls,
                  DtlsConnectionInfo dtlsInfo, DtlsFingerprint localFingerprint, byte[] localCertificateDer,
                  List<RTCDataChannel> channels) {}
}
