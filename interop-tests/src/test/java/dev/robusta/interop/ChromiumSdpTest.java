package dev.robusta.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.robusta.ice.IceCredentials;
import dev.robusta.interop.browser.HeadlessChromium;
import dev.robusta.peer.jsep.JsepDescriptions;
import dev.robusta.peer.jsep.LocalTransportParameters;
import dev.robusta.peer.sdp.MediaDescription;
import dev.robusta.peer.sdp.SessionDescription;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Our JSEP descriptions against Chromium's own checks: Chromium's offer (audio, video and a data channel)
 * answered by us is accepted by setRemoteDescription, with media rejected and the data channel kept; and our
 * data-channel offer is accepted and answered by Chromium. (Connecting needs DTLS and SCTP: issue 7.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChromiumSdpTest {
    private static final String FINGERPRINT = "sha-256 D3:9A:03:8F:DF:C9:87:0F:BF:0D:93:35:53:20:3A:05:30:2D:37:F9:"
            + "9E:BB:AE:52:D3:25:9F:1F:E4:41:D2:D4";

    private static final String PAGE = """
            <!doctype html><html><body><script>
            const post = (path, body) => fetch(path, {method: 'POST', body});
            (async () => {
              let result;
              try {
                const pc = new RTCPeerConnection({iceServers: []});
                pc.createDataChannel('chat');
                pc.addTransceiver('audio');
                pc.addTransceiver('video');
                const offer = await pc.createOffer();
                await pc.setLocalDescription(offer);
                const answer = await (await post('/answer-for', offer.sdp)).text();
                await pc.setRemoteDescription({type: 'answer', sdp: answer});
                result = 'ok ' + pc.signalingState + ' '
                    + pc.getTransceivers().map(t => t.mid + ':' + t.currentDirection).join(',');
                pc.close();
              } catch (e) { result = 'error ' + e; }
              await post('/result/answer', result);
              try {
                const ours = await (await fetch('/offer')).text();
                const pc2 = new RTCPeerConnection({iceServers: []});
                await pc2.setRemoteDescription({type: 'offer', sdp: ours});
                const a = await pc2.createAnswer();
                await pc2.setLocalDescription(a);
                result = 'ok\\n' + pc2.localDescription.sdp;
                pc2.close();
              } catch (e) { result = 'error ' + e; }
              await post('/result/offer', result);
            })();
            </script></body></html>
            """;

    private static LocalTransportParameters local() {
        IceCredentials c = IceCredentials.random();
        // No candidates: Chromium must not send checks anywhere; only the descriptions are under test.
        return new LocalTransportParameters(c.ufrag(), c.password(), List.of(), false, List.of(FINGERPRINT), 5000,
                262144);
    }

    @Test
    void chromiumAcceptsOurAnswerAndOurOffer() throws Exception {
        Map<String, CompletableFuture<String>> results = new ConcurrentHashMap<>();
        results.put("answer", new CompletableFuture<>());
        results.put("offer", new CompletableFuture<>());
        String[] chromiumOffer = new String[1];
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> respond(ex, "text/html", PAGE));
        server.createContext("/answer-for", ex -> {
            String offer = body(ex);
            chromiumOffer[0] = offer;
            try {
                respond(ex, "application/sdp", JsepDescriptions.createAnswer(SessionDescription.parse(offer), 1, 1,
                        "active", local()).toSdp());
            } catch (Exception e) {
                respond(ex, "text/plain", "bad offer: " + e);
            }
        });
        server.createContext("/offer", ex -> respond(ex, "application/sdp",
                JsepDescriptions.createOffer(2, 1, "0", local()).toSdp()));
        server.createContext("/result/", ex -> {
            String which = ex.getRequestURI().getPath().substring("/result/".length());
            String body = body(ex);
            respond(ex, "text/plain", "");
            results.get(which).complete(body);
        });
        server.start();
        try (HeadlessChromium chromium = HeadlessChromium.open(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/")) {
            String answered = results.get("answer").get(40, TimeUnit.SECONDS);
            // Chromium applied our answer: stable, audio and video rejected (no direction), the data channel kept.
            assertTrue(answered.startsWith("ok stable"), answered + "\n" + chromium.log());
            SessionDescription offer = SessionDescription.parse(chromiumOffer[0]);
            assertEquals(3, offer.media().size());
            // A rejected section stops its transceiver, and stopped transceivers leave getTransceivers(): none of
            // the audio and video ones may still send or receive.
            for (String direction : new String[] {":sendrecv", ":sendonly", ":recvonly"}) {
                assertTrue(!answered.contains(direction), answered);
            }

            String offered = results.get("offer").get(40, TimeUnit.SECONDS);
            assertTrue(offered.startsWith("ok\n"), offered);
            SessionDescription answer = SessionDescription.parse(offered.substring(3));
            MediaDescription data = answer.media().get(0);
            assertTrue(data.isDataChannel());
            assertEquals("0", data.mid());
            assertEquals(List.of("0"), answer.bundleMids());
            assertTrue(data.setup().equals("active") || data.setup().equals("passive"), data.setup());
            assertEquals(5000, data.sctpPort());
            assertTrue(data.maxMessageSize() > 0);
        } finally {
            server.stop(0);
        }
    }

    private static String body(HttpExchange ex) throws IOException {
        return new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange ex, String type, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }
}
