package dev.robusta.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** ICE server URIs (RFC 7064 stun:, RFC 7065 turn:) as W3C RTCIceServer gives them; UDP only. */
@Timeout(10)
class IceServerTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "stun:stun.l.google.com:19302|STUN|stun.l.google.com|19302|stun:stun.l.google.com:19302",
        "stun:stun.example.org|STUN|stun.example.org|3478|stun:stun.example.org:3478",
        "STUN:Stun.Example.org:3479|STUN|Stun.Example.org|3479|stun:Stun.Example.org:3479",
        "stun:192.0.2.1:3478|STUN|192.0.2.1|3478|stun:192.0.2.1:3478",
        "stun:[::1]|STUN|::1|3478|stun:[::1]:3478",
        "stun:[2001:db8::1]:3479|STUN|2001:db8::1|3479|stun:[2001:db8::1]:3479",
        " stun:127.0.0.1:1 |STUN|127.0.0.1|1|stun:127.0.0.1:1",
        "stun:h:65535|STUN|h|65535|stun:h:65535",
    })
    void stunUris(String uri, IceServer.Type type, String host, int port, String printed) {
        IceServer s = IceServer.stun(uri);
        assertEquals(type, s.type());
        assertEquals(host, s.host());
        assertEquals(port, s.port());
        assertNull(s.username());
        assertNull(s.password());
        assertEquals(printed, s.toString());
        assertEquals(s, IceServer.stun(s.toString()), "printed, parsed: the same server");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "turn:turn.example.org|turn.example.org|3478",
        "turn:turn.example.org:3479|turn.example.org|3479",
        "turn:turn.example.org?transport=udp|turn.example.org|3478",
        "turn:turn.example.org:5349?transport=UDP|turn.example.org|5349",
        "turn:[2001:db8::1]:3478?transport=udp|2001:db8::1|3478",
        "turn:[::1]?transport=udp|::1|3478",
        "TURN:198.51.100.4:3478|198.51.100.4|3478",
    })
    void turnUris(String uri, String host, int port) {
        IceServer s = IceServer.turn(uri, "user", "secret");
        assertEquals(IceServer.Type.TURN, s.type());
        assertEquals(host, s.host());
        assertEquals(port, s.port());
        assertEquals("user", s.username());
        assertEquals("secret", s.password());
        assertEquals(s, IceServer.turn(s.toString(), "user", "secret"));
        assertEquals(s, IceServer.parse(uri, "user", "secret"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "stun.example.org",                     // no scheme
        "http://stun.example.org",              // not stun: or turn:
        "stuns:stun.example.org",               // TLS is not supported
        "turns:turn.example.org:5349",
        "turn:turn.example.org?transport=tcp",  // UDP only
        "turn:turn.example.org?transport=",
        "turn:turn.example.org?foo=bar",
        "stun:stun.example.org?transport=udp",  // stun: has no query (RFC 7064)
        "stun:",                                // no host
        "stun::3478",
        "stun:[::1",                            // unclosed literal
        "stun:[::1]x",                          // junk after it
        "stun:[::1]:",
        "stun:host:",                           // bad ports
        "stun:host:0",
        "stun:host:65536",
        "stun:host:http",
        "stun:host:-1",
        "stun:host:+5",
        "stun:2001:db8::1",                     // IPv6 needs brackets (RFC 7064)
        "stun:::1",
        "stun://host",                          // no authority form
        "stun:user@host",                       // no userinfo
        "stun: host",                           // no spaces
    })
    void badUrisAreRefused(String uri) {
        assertThrows(IllegalArgumentException.class, () -> IceServer.parse(uri, "user", "secret"));
    }

    @Test
    void turnNeedsCredentials() {
        assertThrows(IllegalArgumentException.class, () -> IceServer.turn("turn:t.example.org", null, "secret"));
        assertThrows(IllegalArgumentException.class, () -> IceServer.turn("turn:t.example.org", "user", null));
        assertThrows(IllegalArgumentException.class, () -> IceServer.parse("turn:t.example.org", null, null));
    }

    @Test
    void theRecordChecksItsFields() {
        assertThrows(NullPointerException.class, () -> new IceServer(null, "h", 1, null, null));
        assertThrows(NullPointerException.class, () -> new IceServer(IceServer.Type.STUN, null, 1, null, null));
        assertThrows(IllegalArgumentException.class, () -> new IceServer(IceServer.Type.STUN, "h", 0, null, null));
        assertEquals(3478, IceServer.DEFAULT_PORT);
    }
}
