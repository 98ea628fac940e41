package dev.robusta.signaling.notify;

import dev.robusta.signaling.ServerConfig;
import dev.robusta.signaling.server.WebSocketServer;

/** Starts a notify signalling server. */
public final class NotifyServer {
    private NotifyServer() {}

    /** Binds and serves the notify protocol with these restrictions and ICE servers. */
    public static WebSocketServer start(ServerConfig config, NotifyConfig notify) {
        return WebSocketServer.start("notify", config, new NotifyCore(notify));
    }
}
