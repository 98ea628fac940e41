package dev.robusta.peer.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.Candidate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** SDP parse and write, against descriptions captured from Chromium 156 and aiortc 1.4 on this machine kind. */
class SessionDescriptionTest {

    static String resource(String name) throws IOException {
        try (InputStream in = SessionDescriptionTest.class.getResourceAsStream("/sdp/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"chromium-offer.sdp", "chromium-answer.sdp", "chromium-dataOffer.sdp", "aiortc-offer.sdp",
            "aiortc-answer-to-chromium.sdp", "aiortc-dataOffer.sdp"})
    void capturedDescriptionsRoundTripByteForByte(String name) throws Exception {
        String text = resource(name);
        assertTrue(text.contains("\r\n"), "captures keep their CRLF line ends");
        SessionDescription d = SessionDescription.parse(text);
        assertEquals(text, d.toSdp());
        // Every candidate line in them parses as a candidate.
        for (MediaDescription m : d.media()) {
            for (String c : m.candidates()) {
                Candidate parsed = Candidate.fromSdp(c);
                assertTrue(parsed.priority() > 0);
            }
        }
    }

    @Test
    void chromiumOfferFields() throws Exception {
        SessionDescription d = SessionDescription.parse(resource("chromium-offer.sdp"));
        assertEquals(List.of("0", "1", "2"), d.bundleMids());
        assertEquals("-", d.origin().username());
        assertEquals(3, d.media().size());
        MediaDescription audio = d.media().get(0);
        MediaDescription video = d.media().get(1);
        MediaDescription data = d.media().get(2);
        assertEquals("audio", audio.kind());
        assertEquals("UDP/TLS/RTP/SAVPF", audio.proto());
        assertEquals("0", audio.mid());
        assertEquals("sendrecv", audio.direction());
        assertEquals("actpass", audio.setup());
        assertTrue(audio.fingerprints().get(0).startsWith("sha-256 "));
        assertEquals("trickle", audio.attribute("ice-options"));
        assertTrue(audio.rtcpMux());
        assertEquals("opus/48000/2", audio.rtpMaps().get(111));
        assertEquals("minptime=10;useinbandfec=1", audio.fmtp(111));
        assertEquals("VP8/90000", video.rtpMaps().get(96));
        assertTrue(data.isDataChannel());
        assertEquals("UDP/DTLS/SCTP", data.proto());
        assertEquals(List.of("webrtc-datachannel"), data.formats());
        assertEquals(5000, data.sctpPort());
        assertEquals(262144, data.maxMessageSize());
        assertEquals(audio.iceUfrag(), data.iceUfrag(), "one ICE transport under BUNDLE");
        assertFalse(audio.isRejected());
        // Chromium offers TCP candidates too; they parse, and the ICE agent ignores them.
        assertTrue(audio.candidates().stream().map(Candidate::fromSdp).anyMatch(c -> !c.isUdp()));
    }

    @Test
    void aiortcUsesTheOlderDataChannelForm() throws Exception {
        SessionDescription d = SessionDescription.parse(resource("aiortc-dataOffer.sdp"));
        MediaDescription data = d.media().get(0);
        assertTrue(data.isDataChannel());
        assertEquals("DTLS/SCTP", data.proto());
        assertEquals(5000, data.sctpPort(), "from the m= line, with a=sctpmap");
        assertEquals(65536, data.maxMessageSize());
        assertTrue(data.endOfCandidates());
        assertEquals(22, data.icePwd().length());
    }

    @Test
    void answerToChromiumFromAiortc() throws Exception {
        SessionDescription offer = SessionDescription.parse(resource("chromium-offer.sdp"));
        SessionDescription answer = SessionDescription.parse(resource("aiortc-answer-to-chromium.sdp"));
        assertEquals(offer.media().size(), answer.media().size(), "an answer has one section per offered one");
        for (int i = 0; i < offer.media().size(); i++) {
            assertEquals(offer.media().get(i).mid(), answer.media().get(i).mid());
        }
        assertEquals("active", answer.media().get(0).setup());
    }

    @Test
    void lfOnlyInputParsesAndIsWrittenWithCrlf() throws Exception {
        String crlf = resource("chromium-dataOffer.sdp");
        SessionDescription d = SessionDescription.parse(crlf.replace("\r\n", "\n"));
        assertEquals(crlf, d.toSdp());
    }

    @Test
    void rejectedSection() throws Exception {
        String sdp = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=video 0 UDP/TLS/RTP/SAVPF 96\r\n"
                + "c=IN IP4 0.0.0.0\r\na=mid:1\r\nm=audio 0 UDP/TLS/RTP/SAVPF 111\r\na=bundle-only\r\na=mid:2\r\n";
        SessionDescription d = SessionDescription.parse(sdp);
        assertTrue(d.media().get(0).isRejected());
        assertFalse(d.media().get(1).isRejected(), "bundle-only with port 0 is not a rejection");
        assertEquals(d.media().get(1), d.mediaByMid("2"));
        assertNull(d.mediaByMid("9"));
        assertEquals(-1, d.media().get(0).sctpPort());
    }

    @Test
    void malformedRequiredLinesAreRefusedWithTheLine() {
        String ok = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";
        assertLine(1, "o=- 1 1 IN IP4 0.0.0.0\r\n");
        assertLine(1, "v=1\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n");
        assertLine(2, "v=0\r\no=- 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n");
        assertLine(5, ok + "m=audio\r\n");
        assertLine(5, ok + "m=audio x UDP/TLS/RTP/SAVPF 0\r\n");
        assertLine(5, ok + "m=audio 70000 UDP/TLS/RTP/SAVPF 0\r\n");
        assertLine(6, ok + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\nc=IN IP5 1.2.3.4\r\n");
        assertLine(5, ok + "this is not sdp\r\n");
        assertLine(5, ok + "a=\r\n");
        assertLine(5, ok + "a=:value\r\n");
        assertLine(0, "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\nt=0 0\r\n");
        assertLine(0, "");
    }

    private static void assertLine(int line, String sdp) {
        SdpParseException e = assertThrows(SdpParseException.class, () -> SessionDescription.parse(sdp));
        assertEquals(line, e.lineNumber(), e.getMessage());
    }

    @Test
    void unknownAttributesAreKeptAndIgnored() throws Exception {
        String sdp = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=x-something-new:42\r\n"
                + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=x-another\r\na=sctp-port:5000\r\n";
        SessionDescription d = SessionDescription.parse(sdp);
        assertEquals("42", d.attribute("x-something-new"));
        assertEquals("", d.media().get(0).attribute("x-another"));
        assertEquals(sdp, d.toSdp());
    }
}
