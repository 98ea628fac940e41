package dev.robusta.peer;

import dev.robusta.ice.IceServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** W3C RTCIceServer: one or more stun:/turn: URLs with the TURN credentials they share. */
public record RTCIceServer(List<String> urls, String username, String credential) {
    public RTCIceServer {
        urls = List.copyOf(Objects.requireNonNull(urls, "urls"));
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("an ICE server needs at least one URL");
        }
    }

    public static RTCIceServer of(String url) {
        return new RTCIceServer(List.of(url), null, null);
    }

    public static RTCIceServer of(String url, String username, String credential) {
        return new RTCIceServer(List.of(url), username, credential);
    }

    /** The ICE layer's view, one server per URL; a malformed or unsupported URL is refused here. */
    public List<IceServer> toIceServers() {
        List<IceServer> out = new ArrayList<>();
        for (String url : urls) {
            out.add(IceServer.parse(url, username, credential));
        }
        return out;
    }
}
