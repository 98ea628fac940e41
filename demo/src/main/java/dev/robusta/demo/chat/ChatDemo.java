package dev.robusta.demo.chat;

import dev.robusta.dtls.DtlsCertificate;
import dev.robusta.ice.IceAgentConfig;
import dev.robusta.peer.RTCConfiguration;
import dev.robusta.signaling.ServerConfig;
import dev.robusta.signaling.gstreamer.GstSignallingServer;
import dev.robusta.signaling.server.WebSocketServer;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat demo: on 127.0.0.1, an HTTP server with the chat page, a WebSocket signalling server speaking the
 * GStreamer WebRTC signalling protocol, and a Java peer registered there as the producer {@code robusta-chat}.
 * Each page (browser tab) starts a session with the Java peer, which offers a connection with a {@code chat} data
 * channel, echoes every message and pings every second, reporting round-trip times to the page. Closing the tab
 * closes its WebSocket, which ends its session and its peer connection.
 */
public final class ChatDemo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChatDemo.class);
    /** Where the page is served when no port is given. */
    public static final int DEFAULT_PORT = 8765;
    private static final String HOST = "127.0.0.1";

    /**
     * @param port         the page's port on 127.0.0.1 (0 picks a free one); the signalling server takes a free one
     * @param maxSessions  tabs served at once; more are refused with a message
     * @param pingInterval how often the Java peer pings each page
     */
    public record Options(int port, int maxSessions, Duration pingInterval) {
        public Options {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            if (maxSessions < 1) {
                throw new IllegalArgumentException("maxSessions must be positive");
            }
            if (pingInterval.isNegative() || pingInterval.isZero()) {
                throw new IllegalArgumentException("pingInterval must be positive");
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_PORT, 32, Duration.ofSeconds(1));
        }

        public Options withPort(int p) {
            return new Options(p, maxSessions, pingInterval);
        }

        public Options withMaxSessions(int n) {
            return new Options(port, n, pingInterval);
        }

        public Options withPingInterval(Duration d) {
            return new Options(port, maxSessions, d);
        }
    }

    private final NioEventLoopGroup peerGroup;
    private final ExecutorService teardown;
    private final WebSocketServer signalling;
    private final ChatProducer producer;
    private final ChatPageServer pages;

    private ChatDemo(NioEventLoopGroup peerGroup, ExecutorService teardown, WebSocketServer signalling,
                     ChatProducer producer, ChatPageServer pages) {
        this.peerGroup = peerGroup;
        this.teardown = teardown;
        this.signalling = signalling;
        this.producer = producer;
        this.pages = pages;
    }

    /**
     * Starts the servers and the Java peer.
     *
     * @throws IOException when the page's port cannot be bound (in use, or not allowed)
     */
    public static ChatDemo start(Options options) throws Exception {
        NioEventLoopGroup peerGroup = new NioEventLoopGroup(2);
        ExecutorService teardown = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "robusta-demo-teardown");
            t.setDaemon(true);
            return t;
        });
        WebSocketServer signalling = null;
        ChatProducer producer = null;
        try {
            signalling = GstSignallingServer.start(ServerConfig.builder(new InetSocketAddress(HOST, 0))
                    .ioThreads(1).maxConnections(4 * options.maxSessions() + 16).build(), false);
            URI signallingUri = URI.create(signalling.baseUri());
            RTCConfiguration rtc = RTCConfiguration.defaults()
                    .withIce(IceAgentConfig.builder().interfaceAddress(HOST).build());
            producer = ChatProducer.connect(signallingUri, rtc, peerGroup, DtlsCertificate.generate(),
                    options.maxSessions(), options.pingInterval(), teardown);
            ChatPageServer pages;
            try {
                pages = ChatPageServer.start(new InetSocketAddress(HOST, options.port()), signallingUri);
            } catch (IOException e) {
                throw new IOException("cannot serve the page on " + HOST + ":" + options.port() + " ("
                        + e.getMessage() + "); choose another port with --port", e);
            }
            return new ChatDemo(peerGroup, teardown, signalling, producer, pages);
        } catch (Exception | Error e) {
            if (producer != null) {
                producer.close();
            }
            if (signalling != null) {
                signalling.close();
            }
            teardown.shutdownNow();
            peerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The page to open: {@code http://127.0.0.1:<port>/}. */
    public URI pageUri() {
        InetSocketAddress a = pages.address();
        return URI.create("http://" + HOST + ":" + a.getPort() + "/");
    }

    /** The signalling server: {@code ws://127.0.0.1:<port>}. */
    public URI signallingUri() {
        return URI.create(signalling.baseUri());
    }

    /** The Java peer's id on the signalling server. */
    public String javaPeerId() {
        return producer.peerId();
    }

    /** Browser tabs with a live peer connection to the Java peer. */
    public int activeSessions() {
        return producer.activeSessions();
    }

    /**
     * {@code listener} gets the report each page opened with {@code ?selftest=N} posts when it is done (a JSON
     * object: what the page showed). Called on an HTTP thread.
     */
    public void addSelfTestReportListener(Consumer<String> listener) {
        pages.addReportListener(listener);
    }

    /** Stops serving pages, ends every session (closing its connection), and stops the signalling server. */
    @Override
    public void close() {
        pages.close();
        producer.close();
        signalling.close();
        teardown.shutdown();
        try {
            teardown.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        peerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        LOG.debug("chat demo stopped");
    }
}
