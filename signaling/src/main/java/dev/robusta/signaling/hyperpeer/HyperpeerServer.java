package dev.robusta.signaling.hyperpeer;

import dev.robusta.signaling.ServerConfig;
import dev.robusta.signaling.server.WebSocketServer;
import java.security.SecureRandom;

/** Starts a Hyperpeer signalling server. */
public final class HyperpeerServer {
    private HyperpeerServer() {}

    /**
     * Binds and serves Hyperpeer on {@code config.listen()}; close the returned server to stop it.
     *
     * @param verifier the key check ({@link PeerVerifier#ACCEPT_ALL} for none)
     */
    public static WebSocketServer start(ServerConfig config, PeerVerifier verifier) {
        return WebSocketServer.start("hyperpeer", config, new HyperpeerCore(verifier, new SecureRandom()));
    }
}
