package dev.robusta.signaling.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.signaling.RawHttp;
import dev.robusta.signaling.TextCollector;
import dev.robusta.signaling.Tls;
import dev.robusta.signaling.client.ClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The command line, in process: options, validation texts and exit statuses, and servers it starts. */
class SignalingMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void quietLogs() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    private SignalingMain.Outcome run(String... args) {
        out.reset();
        err.reset();
        return SignalingMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void notifyValidationAsTheReference() {
        SignalingMain.Outcome o = run("notify");
        assertEquals(255, o.exitStatus());
        assertTrue(out().startsWith("Usage: robusta-signaling notify [options]"), out());
        assertEquals(0, run("notify", "--help").exitStatus());
        assertTrue(out().contains("--origin=URL"));
        assertEquals(0, run("notify", "-l", "foo").exitStatus());
        assertTrue(err().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{1,3} notify ERROR - Invalid listen "
                + "option 'foo'\\R"), err());
        assertEquals(0, run("notify", "-l", "tcp:Localhost:80").exitStatus());
        assertTrue(err().endsWith("notify ERROR - Invalid listen option 'tcp:Localhost:80'\n"), err());
        assertEquals(0, run("notify", "--listen=tcp:[::1]:80").exitStatus());
        assertTrue(err().contains("Invalid listen option"), err());
        assertEquals(0, run("notify", "-l", "tls:127.0.0.1:0").exitStatus());
        assertTrue(err().endsWith("notify ERROR - Missing certfile or keyfile option\n"), err());
        assertEquals(0, run("notify", "-d").exitStatus());
        assertTrue(err().endsWith("notify ERROR - missing --listen TYPE:HOST:PORT argument\n"), err());
        assertEquals(0, run("notify", "-q", "-l", "foo").exitStatus());
        assertEquals("", err());
        assertEquals(0, run("notify", "--test").exitStatus());
        assertEquals(2, run("notify", "--bogus").exitStatus());
        assertTrue(err().contains("no such option: --bogus"), err());
        assertEquals(2, run("notify", "-l").exitStatus());
        assertEquals(1, run("notify", "-l", "tcp:127.0.0.1:99999").exitStatus());
    }

    @Test
    void notifyServerWithPathRestriction() throws Exception {
        SignalingMain.Outcome o = run("notify", "-q", "-l", "tcp:127.0.0.1:0", "--path", "/call/1", "--path=/call/2");
        assertNotNull(o.server());
        try (var server = o.server()) {
            try (RawHttp raw = new RawHttp(server.localAddress())) {
                raw.write(RawHttp.upgrade("/call/3", "x"));
                assertEquals("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", raw.readResponse());
            }
            try (TextCollector c = TextCollector.connect(server.baseUri() + "/call/2")) {
                c.send("{\"method\":\"GET\",\"resource\":\"/peerconnection\"}");
                assertTrue(c.next().startsWith("{\"code\": \"success\""));
            }
        }
    }

    @Test
    void hyperpeerOptionsAndKeys() throws Exception {
        assertEquals(0, run("hyperpeer", "--help").exitStatus());
        assertTrue(out().contains("--key ID=KEY") && out().contains("--require-key"), out());
        assertEquals(2, run("hyperpeer").exitStatus());
        assertTrue(err().contains("missing --listen"), err());
        assertEquals(2, run("hyperpeer", "-l", "udp:1.2.3.4:5").exitStatus());
        assertEquals(2, run("hyperpeer", "-l", "tcp:127.0.0.1:0", "--report-invalid").exitStatus());
        assertEquals(2, run("hyperpeer", "-l", "tcp:127.0.0.1:0", "--key", "novalue").exitStatus());
        assertEquals(1, run("hyperpeer", "-q", "-l", "tls:127.0.0.1:0", "--certfile", "/nonexistent",
                "--keyfile", "/nonexistent").exitStatus());
        assertTrue(err().contains("cannot read certificate file /nonexistent"), err());
        SignalingMain.Outcome o = run("hyperpeer", "-q", "-l", "tcp:[::1]:0", "--key", "cam=s3cret", "--require-key");
        assertNotNull(o.server());
        try (var server = o.server()) {
            assertTrue(server.baseUri().startsWith("ws://[::1]:"), server.baseUri());
            try (RawHttp raw = new RawHttp(server.localAddress())) {
                raw.write(RawHttp.upgrade("/media-server/other", "x"));
                assertTrue(raw.readResponse().startsWith("HTTP/1.1 401 Unauthorized\r\n"));
            }
            try (TextCollector c = TextCollector.connect(server.baseUri() + "/media-server/cam/s3cret")) {
                c.send("{\"type\":\"listPeers\"}");
                c.expect("{\"type\":\"peers\",\"peers\":[{\"id\":\"cam\",\"type\":\"media-server\",\"busy\":true}]}");
            }
        }
    }

    @Test
    void gstreamerOverTlsFromPemFiles() throws Exception {
        assertEquals(0, run("gstreamer", "-h").exitStatus());
        assertTrue(out().contains("--report-invalid"));
        assertEquals(2, run("gstreamer", "-l", "tls:127.0.0.1:0").exitStatus());
        assertTrue(err().contains("missing certfile or keyfile option"), err());
        SignalingMain.Outcome o = run("gstreamer", "-q", "--listen", "tls:127.0.0.1:0", "--certfile",
                Tls.cert().getPath(), "--keyfile", Tls.key().getPath(), "--report-invalid", "--rate-limit", "0");
        assertNotNull(o.server());
        try (var server = o.server();
             TextCollector c = TextCollector.connect(server.baseUri(),
                     ClientOptions.defaults().withSslContext(Tls.trustingClientContext()))) {
            assertTrue(server.baseUri().startsWith("wss://"));
            assertTrue(c.next().startsWith("{\"type\":\"welcome\""));
            c.send("{\"type\":\"nonsense\"}");
            c.expect("{\"type\":\"error\",\"details\":\"Invalid message: unknown variant `nonsense`\"}");
        }
    }

    @Test
    void topLevelUsage() {
        assertEquals(2, run().exitStatus());
        assertTrue(out().contains("{hyperpeer|gstreamer|notify}"));
        assertEquals(2, run("sip").exitStatus());
        assertNull(run("--help").server());
    }
}
