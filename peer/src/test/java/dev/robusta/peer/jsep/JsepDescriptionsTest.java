package dev.robusta.peer.jsep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.Candidate;
import dev.robusta.peer.sdp.MediaDescription;
import dev.robusta.peer.sdp.SessionDescription;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsepDescriptionsTest {
    static final String FINGERPRINT = "sha-256 D3:9A:03:8F:DF:C9:87:0F:BF:0D:93:35:53:20:3A:05:30:2D:37:F9:9E:BB:AE:"
            + "52:D3:25:9F:1F:E4:41:D2:D4";

    static LocalTransportParameters local(boolean complete) {
        return new LocalTransportParameters("AbCd", "abcdefghijklmnopqrstuvwx",
                List.of(Candidate.fromSdp("candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host")), complete,
                List.of(FINGERPRINT), 5000, 262144);
    }

    static SessionDescription resource(String name) throws Exception {
        try (InputStream in = JsepDescriptionsTest.class.getResourceAsStream("/sdp/" + name)) {
            return SessionDescription.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void offerHasOneBundledDataSection() throws Exception {
        SessionDescription offer = JsepDescriptions.createOffer(42, 1, "0", local(false));
        // What we write parses back, the same.
        SessionDescription parsed = SessionDescription.parse(offer.toSdp());
        assertEquals(offer.toSdp(), parsed.toSdp());
        assertEquals(List.of("0"), parsed.bundleMids());
        MediaDescription m = parsed.media().get(0);
        assertTrue(m.isDataChannel());
        assertEquals("UDP/DTLS/SCTP", m.proto());
        assertEquals("actpass", m.setup());
        assertEquals(5000, m.sctpPort());
        assertEquals(262144, m.maxMessageSize());
        assertEquals("AbCd", m.iceUfrag());
        assertEquals(List.of(FINGERPRINT), m.fingerprints());
        assertEquals(1, m.candidates().size());
        assertFalse(m.endOfCandidates());
        assertEquals("trickle", m.attribute("ice-options"));
    }

    @Test
    void answerToChromiumRejectsMediaAndAcceptsData() throws Exception {
        SessionDescription offer = resource("chromium-offer.sdp");
        SessionDescription answer = SessionDescription.parse(
                JsepDescriptions.createAnswer(offer, 7, 1, "active", local(true)).toSdp());
        assertEquals(3, answer.media().size());
        assertEquals(List.of("2"), answer.bundleMids(), "only accepted sections are bundled");
        for (int i = 0; i < 3; i++) {
            assertEquals(offer.media().get(i).mid(), answer.media().get(i).mid());
            assertEquals(offer.media().get(i).kind(), answer.media().get(i).kind());
        }
        assertTrue(answer.media().get(0).isRejected());
        assertTrue(answer.media().get(1).isRejected());
        MediaDescription data = answer.media().get(2);
        assertFalse(data.isRejected());
        assertEquals("active", data.setup());
        assertTrue(data.endOfCandidates());
        assertEquals(5000, data.sctpPort());
    }

    @Test
    void answerToAiortcKeepsItsOlderDataChannelForm() throws Exception {
        SessionDescription offer = resource("aiortc-dataOffer.sdp");
        SessionDescription answer = SessionDescription.parse(
                JsepDescriptions.createAnswer(offer, 7, 1, "active", local(true)).toSdp());
        MediaDescription data = answer.media().get(0);
        assertEquals("DTLS/SCTP", data.proto());
        assertEquals(List.of("5000"), data.formats());
        assertEquals("5000 webrtc-datachannel 65535", data.attribute("sctpmap"));
        assertEquals(5000, data.sctpPort());
    }

    @Test
    void answerRefusesBadInput() throws Exception {
        SessionDescription offer = resource("chromium-dataOffer.sdp");
        assertThrows(IllegalArgumentException.class,
                () -> JsepDescriptions.createAnswer(offer, 1, 1, "actpass", local(true)));
        offer.media().get(0).removeAttributes("mid");
        assertThrows(IllegalArgumentException.class,
                () -> JsepDescriptions.createAnswer(offer, 1, 1, "active", local(true)));
    }
}
