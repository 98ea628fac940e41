package dev.robusta.signaling.server;

import dev.robusta.signaling.ServerConfig;
import dev.robusta.signaling.SignalingException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty driver of a {@link ServerCore}: accepts TCP (and TLS) connections, checks and completes the WebSocket
 * upgrade, enforces the {@link ServerConfig} limits (message size, handshake and idle timeouts, per-connection
 * rate, connection count, unread output), pings quiet connections, and feeds texts to the core under one lock.
 *
 * <p>Outputs are written in the order the core produced them: every write to a connection goes through that
 * connection's event loop task queue, so two messages the core sent to one connection never swap.
 */
public final class WebSocketServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebSocketServer.class);
    private static final AttributeKey<Boolean> UPGRADED = AttributeKey.valueOf("robusta.ws.upgraded");
    private static final AttributeKey<Boolean> CLOSING = AttributeKey.valueOf("robusta.ws.closing");

    private final String name;
    private final ServerConfig config;
    private final ServerCore core;
    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final InetSocketAddress localAddress;
    private final Map<Long, Channel> connections = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    /** [0] messages in, [1] messages out, [2] connections refused or closed for a limit. */
    private final AtomicLongArray counters = new AtomicLongArray(3);
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile boolean closing;

    private WebSocketServer(String name, ServerConfig config, ServerCore core) {
        this.name = name;
        this.config = config;
        this.core = core;
        this.group = new NioEventLoopGroup(config.ioThreads());
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                            config.maxPendingOutboundBytes() / 2, config.maxPendingOutboundBytes()))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            initConnection(ch);
                        }
                    });
            this.serverChannel = b.bind(config.listen()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new SignalingException("cannot listen on " + config.listen() + ": " + e.getMessage(), e);
        }
        this.localAddress = (InetSocketAddress) serverChannel.localAddress();
        log.info("[{}] listening on {}://{}", name, config.sslContext() == null ? "ws" : "wss", hostPort(localAddress));
    }

    /**
     * Binds and starts serving.
     *
     * @param name the protocol's name, used in log lines
     * @throws SignalingException when the address cannot be bound
     */
    public static WebSocketServer start(String name, ServerConfig config, ServerCore core) {
        return new WebSocketServer(name, config, core);
    }

    /** The bound address (with the real port when the config asked for port 0). */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** {@code ws://host:port} or {@code wss://host:port} of this server (IPv6 in brackets). */
    public String baseUri() {
        return (config.sslContext() == null ? "ws://" : "wss://") + hostPort(localAddress);
    }

    /** Open TCP connections, upgraded or not. */
    public int connectionCount() {
        return connections.size();
    }

    /** Text and binary messages received since start. */
    public long messagesIn() {
        return counters.get(0);
    }

    /** Messages sent since start. */
    public long messagesOut() {
        return counters.get(1);
    }

    /** Connections refused or closed because of a limit (count, handshake or idle timeout, size, rate, unread). */
    public long limitClosures() {
        return counters.get(2);
    }

    /** Completes when the server has shut down. */
    public CompletableFuture<Void> closeFuture() {
        return closed;
    }

    /**
     * Graceful shutdown: stops accepting, sends every client a close frame (1001), gives them up to two seconds to
     * go, then releases the threads. Idempotent.
     */
    public CompletableFuture<Void> closeAsync() {
        synchronized (this) {
            if (closing) {
                return closed;
            }
            closing = true;
        }
        log.info("[{}] shutting down ({} connections)", name, connections.size());
        serverChannel.close();
        for (Channel ch : connections.values()) {
            ch.eventLoop().execute(() -> closeConnection(ch, 1001, "Server shutting down"));
        }
        Thread waiter = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (!connections.isEmpty() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            for (Channel ch : connections.values()) {
                ch.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).addListener(f -> {
                log.info("[{}] stopped", name);
                closed.complete(null);
            });
        }, "robusta-" + name + "-shutdown");
        waiter.setDaemon(true);
        waiter.start();
        return closed;
    }

    /** {@link #closeAsync()} and waits for it (at most a few seconds). */
    @Override
    public void close() {
        try {
            closeAsync().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("[{}] shutdown did not complete cleanly: {}", name, e.toString());
        }
    }

    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + compressIpv6(host) + "]" : host) + ":" + a.getPort();
    }

    /** RFC 5952 text of an IPv6 address: longest run of zero groups as {@code ::}, no scope. */
    static String compressIpv6(String full) {
        int pct = full.indexOf('%');
        String[] groups = (pct >= 0 ? full.substring(0, pct) : full).split(":", -1);
        if (groups.length != 8) {
            return full;
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (Integer.parseInt(groups[i], 16) == 0) {
                int j = i;
                while (j < 8 && Integer.parseInt(groups[j], 16) == 0) {
                    j++;
                }
                if (j - i > bestLen && j - i >= 2) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(Integer.toHexString(Integer.parseInt(groups[i], 16)));
            if (i < 7) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    private void initConnection(SocketChannel ch) {
        long id = nextId.getAndIncrement();
        ChannelPipeline p = ch.pipeline();
        if (config.sslContext() != null) {
            SslHandler ssl = config.sslContext().newHandler(ch.alloc());
            ssl.setHandshakeTimeoutMillis(Math.min(config.handshakeTimeout().toMillis(), 5000));
            p.addLast("tls", ssl);
        }
        p.addLast("http", new HttpServerCodec(4096, 8192, 8192));
        p.addLast("http-aggregator", new HttpObjectAggregator(8192));
        p.addLast("upgrade", new UpgradeHandler(id));
    }

    // ---- output --------------------------------------------------------------------------------------------

    /**
     * Drains the core; must be called holding the core's lock, right after a call into it. Outputs go to a
     * per-connection queue in the core's order; one task per connection (not per message) writes them on its event
     * loop and flushes once.
     */
    private void drain() {
        for (ServerOutput out; (out = core.poll()) != null; ) {
            Channel ch = connections.get(connectionIdOf(out));
            if (ch == null) {
                continue;
            }
            if (out instanceof ServerOutput.Send) {
                counters.incrementAndGet(1);
            }
            Outbox box = ch.attr(OUTBOX).get();
            if (box == null) {
                box = new Outbox(ch);
                Outbox prev = ch.attr(OUTBOX).setIfAbsent(box);
                if (prev != null) {
                    box = prev;
                }
            }
            box.add(out);
        }
    }

    private static final AttributeKey<Outbox> OUTBOX = AttributeKey.valueOf("robusta.ws.outbox");

    /** Messages for one connection, in order, written by one task at a time on the connection's event loop. */
    private static final class Outbox implements Runnable {
        private final Channel ch;
        private final java.util.concurrent.ConcurrentLinkedQueue<ServerOutput> queue =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final java.util.concurrent.atomic.AtomicBoolean scheduled =
                new java.util.concurrent.atomic.AtomicBoolean();

        Outbox(Channel ch) {
            this.ch = ch;
        }

        void add(ServerOutput out) {
            queue.add(out);
            if (scheduled.compareAndSet(false, true)) {
                ch.eventLoop().execute(this);
            }
        }

        @Override
        public void run() {
            scheduled.set(false);
            boolean wrote = false;
            for (ServerOutput out; (out = queue.poll()) != null; ) {
                if (out instanceof ServerOutput.Send send) {
                    if (ch.isActive() && ch.hasAttr(UPGRADED) && !ch.hasAttr(CLOSING)) {
                        ch.write(new TextWebSocketFrame(ByteBufUtil.writeUtf8(ch.alloc(), send.text())));
                        wrote = true;
                    }
                } else if (out instanceof ServerOutput.Close c) {
                    if (wrote) {
                        ch.flush();
                        wrote = false;
                    }
                    closeConnection(ch, c.code(), c.reason());
                }
            }
            if (wrote) {
                ch.flush();
            }
        }
    }

    private static long connectionIdOf(ServerOutput out) {
        if (out instanceof ServerOutput.Send s) {
            return s.connectionId();
        }
        return ((ServerOutput.Close) out).connectionId();
    }

    /** Sends a close frame (once) and closes the TCP connection after it; on the channel's event loop. */
    private static void closeConnection(Channel ch, int code, String reason) {
        if (!ch.isActive() || ch.hasAttr(CLOSING)) {
            return;
        }
        ch.attr(CLOSING).set(Boolean.TRUE);
        if (!ch.hasAttr(UPGRADED)) {
            ch.close();
            return;
        }
        CloseWebSocketFrame frame = code == ServerOutput.NO_STATUS
                ? new CloseWebSocketFrame(true, 0, Unpooled.EMPTY_BUFFER)
                : new CloseWebSocketFrame(code, reason);
        ch.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
    }

    private void limitClose(Channel ch, long id, int code, String why) {
        counters.incrementAndGet(2);
        log.info("[{}] #{} {}: closing", name, id, why);
        closeConnection(ch, code, why);
    }

    // ---- the handshake phase -------------------------------------------------------------------------------

    private final class UpgradeHandler extends ChannelInboundHandlerAdapter {
        private final long id;
        private ScheduledFuture<?> handshakeTimer;
        private boolean registered;

        UpgradeHandler(long id) {
            this.id = id;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (closing) {
                ctx.close();
                return;
            }
            if (connections.size() >= config.maxConnections()) {
                counters.incrementAndGet(2);
                log.warn("[{}] connection limit ({}) reached: refusing {}", name, config.maxConnections(),
                        ctx.channel().remoteAddress());
                ctx.close();
                return;
            }
            connections.put(id, ctx.channel());
            registered = true;
            ctx.channel().closeFuture().addListener(f -> connectionGone());
            handshakeTimer = ctx.executor().schedule(() -> {
                if (!ctx.channel().hasAttr(UPGRADED)) {
                    limitClose(ctx.channel(), id, 1008, "Handshake timeout");
                }
            }, config.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            ctx.fireChannelActive();
        }

        private void connectionGone() {
            if (handshakeTimer != null) {
                handshakeTimer.cancel(false);
            }
            if (registered) {
                connections.remove(id);
                synchronized (core) {
                    core.closed(id);
                    drain();
                }
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof FullHttpRequest req)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            try {
                if (ctx.channel().hasAttr(CLOSING) || !registered) {
                    return;
                }
                if (!req.decoderResult().isSuccess()) {
                    reject(ctx, HandshakeVerdict.Reject.empty(400, "Bad Request"));
                    return;
                }
                HandshakeVerdict.Reject generic = checkUpgrade(req);
                if (generic != null) {
                    reject(ctx, generic);
                    return;
                }
                HandshakeRequest request = new HandshakeRequest(req.uri(), headersOf(req),
                        (InetSocketAddress) ctx.channel().remoteAddress());
                synchronized (core) {
                    HandshakeVerdict verdict;
                    try {
                        verdict = core.handshake(id, request);
                    } catch (RuntimeException e) {
                        log.warn("[{}] #{} handshake check failed", name, id, e);
                        verdict = HandshakeVerdict.Reject.text(500, "Server Error", "exception in server app");
                    }
                    if (verdict instanceof HandshakeVerdict.Reject r) {
                        drain();
                        reject(ctx, r);
                        return;
                    }
                    upgrade(ctx, req);
                    core.open(id);
                    drain();
                }
            } finally {
                req.release();
            }
        }

        private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req) {
            WebSocketDecoderConfig decoderConfig = WebSocketDecoderConfig.newBuilder()
                    .maxFramePayloadLength(config.maxMessageBytes())
                    .allowExtensions(false)
                    .allowMaskMismatch(false)
                    .expectMaskedFrames(true)
                    .closeOnProtocolViolation(true)
                    .withUTF8Validator(true)
                    .build();
            WebSocketServerHandshaker13 handshaker = new WebSocketServerHandshaker13("ws://unused" + req.uri(), null,
                    decoderConfig);
            Channel ch = ctx.channel();
            handshaker.handshake(ch, req);
            ch.attr(UPGRADED).set(Boolean.TRUE);
            handshakeTimer.cancel(false);
            ChannelPipeline p = ctx.pipeline();
            FrameHandler frames = new FrameHandler(id);
            p.replace(this, "frames", frames);
            p.addBefore("frames", "frame-aggregator", new WebSocketFrameAggregator(config.maxMessageBytes()));
            p.addBefore("frame-aggregator", "idle", new IdleStateHandler(config.idleTimeout().toMillis(),
                    config.pingInterval().toMillis(), 0, TimeUnit.MILLISECONDS));
            frames.registered = true;
        }

        private void reject(ChannelHandlerContext ctx, HandshakeVerdict.Reject r) {
            byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
            DefaultFullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    new HttpResponseStatus(r.status(), r.reason()), Unpooled.wrappedBuffer(body));
            boolean lengthSet = false;
            for (Map.Entry<String, String> h : r.headers().entrySet()) {
                res.headers().add(h.getKey(), h.getValue());
                lengthSet |= h.getKey().equalsIgnoreCase("Content-Length");
            }
            if (!lengthSet) {
                res.headers().add("Content-Length", body.length);
            }
            log.info("[{}] #{} handshake from {} refused: {} {}", name, id, ctx.channel().remoteAddress(),
                    r.status(), r.reason());
            ctx.channel().attr(CLOSING).set(Boolean.TRUE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("[{}] #{} error before upgrade: {}", name, id, cause.toString());
            ctx.close();
        }
    }

    /**
     * The checks every WebSocket upgrade must pass, in the order (and with the texts) of the notify reference server.
     * Header values are compared as RFC 6455 says (tokens, case-insensitively), so browsers that send
     * {@code Connection: keep-alive, Upgrade} are accepted.
     */
    static HandshakeVerdict.Reject checkUpgrade(FullHttpRequest req) {
        if (!HttpMethod.GET.equals(req.method())) {
            return HandshakeVerdict.Reject.empty(405, "Method Not Allowed");
        }
        if (!HttpVersion.HTTP_1_1.equals(req.protocolVersion())) {
            return HandshakeVerdict.Reject.empty(505, "HTTP Version Not Supported");
        }
        String upgrade = req.headers().get(HttpHeaderNames.UPGRADE);
        if (upgrade == null || !upgrade.trim().equalsIgnoreCase("websocket")) {
            return HandshakeVerdict.Reject.text(403, "Forbidden", "missing or invalid Upgrade header");
        }
        boolean connectionUpgrade = false;
        for (String value : req.headers().getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                connectionUpgrade |= token.trim().equalsIgnoreCase("upgrade");
            }
        }
        if (!connectionUpgrade) {
            return HandshakeVerdict.Reject.text(400, "Bad Request", "missing or invalid Connection header");
        }
        String key = req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        if (key == null || key.isBlank()) {
            return HandshakeVerdict.Reject.text(400, "Bad Request", "missing Sec-WebSocket-Key header");
        }
        String versionText = req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
        int version;
        try {
            version = versionText == null ? -1 : Integer.parseInt(versionText.trim());
        } catch (NumberFormatException e) {
            version = -1;
        }
        if (version < 13) {
            return HandshakeVerdict.Reject.text(400, "Bad Request", "missing or unsupported Sec-WebSocket-Version");
        }
        if (version != 13) {
            return HandshakeVerdict.Reject.text(400, "Bad Request", "requires WebSocket version only 13");
        }
        return null;
    }

    private static Map<String, List<String>> headersOf(FullHttpRequest req) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : req.headers()) {
            headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue());
        }
        return headers;
    }

    // ---- the WebSocket phase -------------------------------------------------------------------------------

    private final class FrameHandler extends ChannelInboundHandlerAdapter {
        private final long id;
        private boolean registered;
        private double tokens = config.rateLimitBurst();
        private long lastRefillNanos = System.nanoTime();

        FrameHandler(long id) {
            this.id = id;
        }

        private boolean allow() {
            if (config.rateLimitPerSecond() <= 0) {
                return true;
            }
            long now = System.nanoTime();
            tokens = Math.min(config.rateLimitBurst(),
                    tokens + (now - lastRefillNanos) / 1e9 * config.rateLimitPerSecond());
            lastRefillNanos = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                Channel ch = ctx.channel();
                if (!registered || ch.hasAttr(CLOSING)) {
                    return;
                }
                if (msg instanceof TextWebSocketFrame text) {
                    counters.incrementAndGet(0);
                    if (!allow()) {
                        limitClose(ch, id, 1008, "Message rate limit exceeded");
                        return;
                    }
                    String s = text.text();
                    synchronized (core) {
                        try {
                            core.text(id, s);
                        } catch (RuntimeException e) {
                            log.error("[{}] #{} message handling failed; closing that client", name, id, e);
                            closeConnection(ch, 1011, "Internal error");
                        }
                        drain();
                    }
                } else if (msg instanceof BinaryWebSocketFrame bin) {
                    counters.incrementAndGet(0);
                    if (!allow()) {
                        limitClose(ch, id, 1008, "Message rate limit exceeded");
                        return;
                    }
                    synchronized (core) {
                        core.binary(id, bin.content().readableBytes());
                        drain();
                    }
                } else if (msg instanceof PingWebSocketFrame ping) {
                    if (!allow()) {
                        limitClose(ch, id, 1008, "Message rate limit exceeded");
                        return;
                    }
                    ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                } else if (msg instanceof CloseWebSocketFrame close) {
                    ch.attr(CLOSING).set(Boolean.TRUE);
                    int code = close.statusCode();
                    CloseWebSocketFrame echo = code < 0 ? new CloseWebSocketFrame(true, 0, Unpooled.EMPTY_BUFFER)
                            : new CloseWebSocketFrame(code, null);
                    ctx.writeAndFlush(echo).addListener(ChannelFutureListener.CLOSE);
                }
                // Pong frames only prove the client is alive; the idle handler has seen them.
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent idle) {
                if (idle.state() == IdleState.READER_IDLE) {
                    limitClose(ctx.channel(), id, 1001, "Idle timeout");
                } else if (idle.state() == IdleState.WRITER_IDLE && !ctx.channel().hasAttr(CLOSING)) {
                    ctx.writeAndFlush(new PingWebSocketFrame());
                }
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (!ctx.channel().isWritable()) {
                counters.incrementAndGet(2);
                log.info("[{}] #{} does not read its messages ({} bytes queued): closing", name, id,
                        config.maxPendingOutboundBytes());
                ctx.channel().attr(CLOSING).set(Boolean.TRUE);
                ctx.close();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException) {
                limitClose(ctx.channel(), id, 1009, "Message too big");
            } else if (cause instanceof CorruptedWebSocketFrameException) {
                counters.incrementAndGet(2);
                log.info("[{}] #{} protocol error: {}", name, id, cause.getMessage());
                ctx.close();
            } else {
                log.debug("[{}] #{} connection error: {}", name, id, cause.toString());
                ctx.close();
            }
        }
    }

    @Override
    public String toString() {
        return name + " server on " + baseUri();
    }
}
