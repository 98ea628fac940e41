package dev.robusta.peer.jsep;

import dev.robusta.ice.Candidate;
import dev.robusta.peer.sdp.MediaDescription;
import dev.robusta.peer.sdp.SdpLine;
import dev.robusta.peer.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds offers and answers (RFC 8829 sections 5.2 and 5.3) for a max-bundle session over one ICE/DTLS
 * transport. Today the only media section we can accept is the data channel (RFC 8841); audio and video
 * sections of a remote offer are answered as rejected (port 0, outside the BUNDLE group), so browsers that offer
 * media still connect their data channels.
 */
public final class JsepDescriptions {
    private static final String DATA_PROTO = "UDP/DTLS/SCTP";
    private static final String LEGACY_DATA_PROTO = "DTLS/SCTP";

    private JsepDescriptions() {}

    /** One m= section to offer: today only the data channel. */
    public record OfferedSection(String mid) {}

    /**
     * An offer with one data-channel section.
     *
     * @param sessionId      o= session id (random, kept for the connection's life)
     * @param sessionVersion o= version (incremented per new offer)
     */
    public static SessionDescription createOffer(long sessionId, long sessionVersion, String dataMid,
                                                 LocalTransportParameters local) {
        SessionDescription d = new SessionDescription();
        addSessionLines(d, sessionId, sessionVersion, List.of(dataMid));
        d.media().add(dataSection(DATA_PROTO, List.of("webrtc-datachannel"), dataMid, "actpass", local, false));
        return d;
    }

    /**
     * Answers a remote offer: accepts its first data-channel section (same proto form as offered), rejects every
     * other section. {@code setup} is "active" or "passive" (RFC 8842: an answer to actpass picks one).
     *
     * @throws IllegalArgumentException when the offer is unusable (no mid on a section, no ICE credentials)
     */
    public static SessionDescription createAnswer(SessionDescription offer, long sessionId, long sessionVersion,
                                                  String setup, LocalTransportParameters local) {
        if (!setup.equals("active") && !setup.equals("passive")) {
            throw new IllegalArgumentException("an answer's setup is active or passive, not " + setup);
        }
        SessionDescription d = new SessionDescription();
        List<String> accepted = new ArrayList<>();
        List<MediaDescription> sections = new ArrayList<>();
        boolean dataAccepted = false;
        for (MediaDescription m : offer.media()) {
            String mid = m.mid();
            if (mid == null) {
                throw new IllegalArgumentException("offered " + m.kind() + " section has no a=mid (RFC 8843 needs one)");
            }
            if (!dataAccepted && m.isDataChannel() && !m.isRejected()) {
                dataAccepted = true;
                accepted.add(mid);
                sections.add(dataSection(m.proto(), m.formats(), mid, setup, local, m.proto().equals(LEGACY_DATA_PROTO)));
            } else {
                sections.add(rejected(m));
            }
        }
        addSessionLines(d, sessionId, sessionVersion, accepted);
        d.media().addAll(sections);
        return d;
    }

    private static void addSessionLines(SessionDescription d, long sessionId, long sessionVersion, List<String> bundle) {
        List<SdpLine> s = d.sessionLines();
        s.add(new SdpLine('v', "0"));
        s.add(new SdpLine('o', "- " + Long.toUnsignedString(sessionId) + " " + sessionVersion + " IN IP4 127.0.0.1"));
        s.add(new SdpLine('s', "-"));
        s.add(new SdpLine('t', "0 0"));
        if (!bundle.isEmpty()) {
            s.add(SdpLine.attribute("group", "BUNDLE " + String.join(" ", bundle)));
        }
        s.add(SdpLine.attribute("msid-semantic", " WMS"));
    }

    private static MediaDescription dataSection(String proto, List<String> formats, String mid, String setup,
                                                LocalTransportParameters local, boolean legacy) {
        MediaDescription m = new MediaDescription("application", 9, proto, formats);
        m.lines().add(new SdpLine('c', "IN IP4 0.0.0.0"));
        for (Candidate c : local.candidates()) {
            m.addAttribute("candidate", c.toSdp().substring("candidate:".length()));
        }
        if (local.gatheringComplete()) {
            m.addAttribute("end-of-candidates", null);
        }
        m.addAttribute("ice-ufrag", local.iceUfrag());
        m.addAttribute("ice-pwd", local.icePwd());
        m.addAttribute("ice-options", "trickle");
        for (String f : local.fingerprints()) {
            m.addAttribute("fingerprint", f);
        }
        m.addAttribute("setup", setup);
        m.addAttribute("mid", mid);
        if (legacy) {
            // draft-ietf-mmusic-sctp-sdp-05, as aiortc 1.4 offers it: the port is the m= format.
            m.addAttribute("sctpmap", formats.get(0) + " webrtc-datachannel 65535");
        } else {
            m.addAttribute("sctp-port", Integer.toString(local.sctpPort()));
        }
        m.addAttribute("max-message-size", Long.toString(local.maxMessageSize()));
        return m;
    }

    /** A rejected section: port 0, same kind, proto and formats, its mid, nothing else (RFC 8829 5.3.1). */
    private static MediaDescription rejected(MediaDescription offered) {
        MediaDescription m = new MediaDescription(offered.kind(), 0, offered.proto(), offered.formats());
        m.lines().add(new SdpLine('c', "IN IP4 0.0.0.0"));
        m.addAttribute("mid", offered.mid());
        m.addAttribute("inactive", null);
        return m;
    }
}
