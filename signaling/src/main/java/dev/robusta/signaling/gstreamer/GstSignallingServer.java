package dev.robusta.signaling.gstreamer;

import dev.robusta.signaling.ServerConfig;
import dev.robusta.signaling.server.WebSocketServer;
import java.util.UUID;

/** Starts a GStreamer WebRTC signalling server. */
public final class GstSignallingServer {
    private GstSignallingServer() {}

    /**
     * Binds and serves the GStreamer WebRTC signalling protocol (1.1, compatible with 1.0 clients).
     *
     * @param reportInvalid answer unparseable messages with an {@code error} instead of dropping them silently
     *     (the reference drops them)
     */
    public static WebSocketServer start(ServerConfig config, boolean reportInvalid) {
        return WebSocketServer.start("gstreamer", config,
                new GstSignallingCore(() -> UUID.randomUUID().toString(), reportInvalid));
    }
}
