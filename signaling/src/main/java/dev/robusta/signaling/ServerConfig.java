package dev.robusta.signaling;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Transport settings shared by the three signalling servers: where to listen, TLS, and the limits that keep a
 * server up under hostile input. Build with {@link #builder(InetSocketAddress)}; every limit has a safe default.
 */
public final class ServerConfig {
    private final InetSocketAddress listen;
    private final SslContext sslContext;
    private final int maxMessageBytes;
    private final Duration handshakeTimeout;
    private final Duration idleTimeout;
    private final Duration pingInterval;
    private final double rateLimitPerSecond;
    private final int rateLimitBurst;
    private final int maxConnections;
    private final int maxPendingOutboundBytes;
    private final int ioThreads;

    private ServerConfig(Builder b) {
        this.listen = b.listen;
        this.sslContext = b.sslContext;
        this.maxMessageBytes = b.maxMessageBytes;
        this.handshakeTimeout = b.handshakeTimeout;
        this.idleTimeout = b.idleTimeout;
        this.pingInterval = b.pingInterval;
        this.rateLimitPerSecond = b.rateLimitPerSecond;
        this.rateLimitBurst = b.rateLimitBurst;
        this.maxConnections = b.maxConnections;
        this.maxPendingOutboundBytes = b.maxPendingOutboundBytes;
        this.ioThreads = b.ioThreads;
    }

    /** A builder listening on {@code listen} (port 0 picks a free port). */
    public static Builder builder(InetSocketAddress listen) {
        return new Builder(listen);
    }

    /** Plain ws:// on the loopback address with a free port and default limits: what tests use. */
    public static ServerConfig loopback() {
        return builder(new InetSocketAddress("127.0.0.1", 0)).build();
    }

    public InetSocketAddress listen() {
        return listen;
    }

    /** The TLS context (wss://), or null for plain ws://. */
    public SslContext sslContext() {
        return sslContext;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration pingInterval() {
        return pingInterval;
    }

    /** Sustained messages per second allowed per connection; 0 disables the limit. */
    public double rateLimitPerSecond() {
        return rateLimitPerSecond;
    }

    public int rateLimitBurst() {
        return rateLimitBurst;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public int maxPendingOutboundBytes() {
        return maxPendingOutboundBytes;
    }

    public int ioThreads() {
        return ioThreads;
    }

    /**
     * Loads a PEM certificate chain and a PEM PKCS#8 private key ({@code BEGIN PRIVATE KEY}, as {@code openssl req
     * -newkey} writes) into a server TLS context.
     *
     * @throws SignalingException with the file names when they cannot be read or do not match
     */
    public static SslContext tlsFromPem(File certificateChain, File privateKey) {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
        if (!certificateChain.canRead()) {
            throw new SignalingException("cannot read certificate file " + certificateChain);
        }
        if (!privateKey.canRead()) {
            throw new SignalingException("cannot read key file " + privateKey);
        }
        try {
            return SslContextBuilder.forServer(certificateChain, privateKey).build();
        } catch (Exception | Error e) {
            throw new SignalingException("cannot load TLS certificate " + certificateChain + " and key " + privateKey
                    + " (PEM certificate chain and unencrypted PKCS#8 PEM key expected): " + e.getMessage(), e);
        }
    }

    /** Builder of {@link ServerConfig}. */
    public static final class Builder {
        private final InetSocketAddress listen;
        private SslContext sslContext;
        private int maxMessageBytes = 64 * 1024;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(90);
        private Duration pingInterval = Duration.ofSeconds(30);
        private double rateLimitPerSecond = 100;
        private int rateLimitBurst = 300;
        private int maxConnections = 20_000;
        private int maxPendingOutboundBytes = 1024 * 1024;
        private int ioThreads = 0;

        private Builder(InetSocketAddress listen) {
            this.listen = Objects.requireNonNull(listen, "listen");
        }

        /** Serve wss:// with this context (see {@link ServerConfig#tlsFromPem}). */
        public Builder tls(SslContext context) {
            this.sslContext = context;
            return this;
        }

        /** Largest text message (after reassembly of fragments) a client may send; larger ones close it (1009). */
        public Builder maxMessageBytes(int bytes) {
            if (bytes < 128) {
                throw new IllegalArgumentException("maxMessageBytes must be at least 128, got " + bytes);
            }
            this.maxMessageBytes = bytes;
            return this;
        }

        /** Time from TCP accept (TLS included) to a completed WebSocket upgrade; slower connections are closed. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive(timeout, "handshakeTimeout");
            return this;
        }

        /** A connection that sends nothing (not even a pong) for this long is closed. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /** The server pings a connection it has sent nothing to for this long. */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = positive(interval, "pingInterval");
            return this;
        }

        /**
         * Per-connection token bucket: {@code perSecond} messages per second sustained, {@code burst} at once. A
         * connection over the limit is closed with 1008. {@code perSecond} 0 disables the limit.
         */
        public Builder rateLimit(double perSecond, int burst) {
            if (perSecond < 0 || burst < 1) {
                throw new IllegalArgumentException("rate limit must be >= 0 with a burst >= 1");
            }
            this.rateLimitPerSecond = perSecond;
            this.rateLimitBurst = burst;
            return this;
        }

        /** Connections beyond this are closed as soon as they are accepted. */
        public Builder maxConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConnections must be positive");
            }
            this.maxConnections = max;
            return this;
        }

        /** A client that does not read and lets this much queue up on the server is closed. */
        public Builder maxPendingOutboundBytes(int bytes) {
            if (bytes < 4096) {
                throw new IllegalArgumentException("maxPendingOutboundBytes must be at least 4096");
            }
            this.maxPendingOutboundBytes = bytes;
            return this;
        }

        /** Netty I/O threads; 0 means Netty's default (twice the cores). */
        public Builder ioThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("ioThreads must be >= 0");
            }
            this.ioThreads = threads;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
