package dev.robusta.signaling.client;

import dev.robusta.signaling.HandshakeRejectedException;
import dev.robusta.signaling.SignalingException;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection to a signalling server. Its upgrade request carries exactly {@code Upgrade: websocket}
 * and {@code Connection: Upgrade}, which the strictest reference server (notify) requires.
 */
public final class WebSocketClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebSocketClient.class);

    /** Receives a connection's messages, on its event loop. */
    public interface Listener {
        /** A complete text message. */
        void onText(String text);

        /** The connection has ended; called once. */
        default void onClose(CloseStatus status) {}
    }

    private final Channel channel;
    private final CompletableFuture<CloseStatus> closeFuture;

    private WebSocketClient(Channel channel, CompletableFuture<CloseStatus> closeFuture) {
        this.channel = channel;
        this.closeFuture = closeFuture;
    }

    /**
     * Connects and completes the WebSocket handshake.
     *
     * @param uri {@code ws://} or {@code wss://} URI; its path and query are sent as the request target
     * @return completes with the open connection, or exceptionally with {@link HandshakeRejectedException} when the
     *     server refused the upgrade, or {@link SignalingException} when it could not connect
     */
    public static CompletableFuture<WebSocketClient> connect(URI uri, ClientOptions options, Listener listener) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean tls = scheme.equals("wss");
        if (!tls && !scheme.equals("ws")) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not a ws:// or wss:// URI: " + uri));
        }
        String host = uri.getHost();
        if (host == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no host in " + uri));
        }
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        EventLoopGroup group = options.eventLoopGroup() != null ? options.eventLoopGroup() : new NioEventLoopGroup(1);
        boolean ownGroup = options.eventLoopGroup() == null;
        CompletableFuture<WebSocketClient> connected = new CompletableFuture<>();
        CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
        SSLContext ssl;
        try {
            ssl = tls ? (options.sslContext() != null ? options.sslContext() : SSLContext.getDefault()) : null;
        } catch (Exception e) {
            return CompletableFuture.failedFuture(new SignalingException("no default TLS context: " + e, e));
        }
        DefaultHttpHeaders headers = new DefaultHttpHeaders();
        for (Map.Entry<String, String> h : options.headers().entrySet()) {
            headers.add(h.getKey(), h.getValue());
        }
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .version(WebSocketVersion.V13)
                .customHeaders(headers)
                .maxFramePayloadLength(options.maxMessageBytes())
                .handleCloseFrames(false)
                .dropPongFrames(true)
                .generateOriginHeader(false)
                .handshakeTimeoutMillis(options.connectTimeout().toMillis())
                .build();
        ClientHandler handler = new ClientHandler(listener, connected, closed);
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        options.connectTimeout().toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            SSLEngine engine = ssl.createSSLEngine(bareHost, port);
                            engine.setUseClientMode(true);
                            SSLParameters params = engine.getSSLParameters();
                            params.setEndpointIdentificationAlgorithm("HTTPS");
                            engine.setSSLParameters(params);
                            ch.pipeline().addLast("tls", new SslHandler(engine));
                        }
                        ch.pipeline().addLast("http", new HttpClientCodec());
                        ch.pipeline().addLast("http-aggregator", new HttpObjectAggregator(65536));
                        ch.pipeline().addLast("upgrade-headers", new UpgradeHeaders());
                        ch.pipeline().addLast("ws", new WebSocketClientProtocolHandler(config));
                        ch.pipeline().addLast("ws-aggregator", new WebSocketFrameAggregator(options.maxMessageBytes()));
                        ch.pipeline().addLast("client", handler);
                    }
                });
        // The client object exists before the connection does: the handshake can complete on the event loop before
        // this thread runs again.
        InetSocketAddress remote = new InetSocketAddress(bareHost, port); // resolved here, off the event loop
        if (remote.isUnresolved()) {
            if (ownGroup) {
                group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            }
            return CompletableFuture.failedFuture(new SignalingException("cannot resolve " + bareHost));
        }
        ChannelFuture registered = b.register();
        Channel ch = registered.channel();
        handler.client = new WebSocketClient(ch, closed);
        ChannelFutureListener failed = f -> {
            if (!f.isSuccess()) {
                connected.completeExceptionally(new SignalingException("cannot connect to " + uri + ": "
                        + f.cause().getMessage(), f.cause()));
                closed.complete(new CloseStatus(CloseStatus.ABNORMAL, ""));
                f.channel().close();
            }
        };
        registered.addListener((ChannelFutureListener) r -> {
            if (!r.isSuccess()) {
                failed.operationComplete(r);
                return;
            }
            ch.connect(remote).addListener(failed);
        });
        closed.whenComplete((s, e) -> {
            if (ownGroup) {
                group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            }
        });
        return connected;
    }

    /** Sends one text message; completes when it is written. */
    public CompletableFuture<Void> send(String text) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!channel.isActive()) {
            done.completeExceptionally(new SignalingException("connection is closed"));
            return done;
        }
        channel.eventLoop().execute(() -> channel.writeAndFlush(
                new TextWebSocketFrame(ByteBufUtil.writeUtf8(channel.alloc(), text))).addListener(f -> {
                    if (f.isSuccess()) {
                        done.complete(null);
                    } else {
                        done.completeExceptionally(new SignalingException("send failed: " + f.cause(), f.cause()));
                    }
                }));
        return done;
    }

    /** True until the connection has ended. */
    public boolean isOpen() {
        return channel.isActive();
    }

    /** Completes when the connection has ended, with the server's close code. */
    public CompletableFuture<CloseStatus> closeFuture() {
        return closeFuture;
    }

    /** Sends a close frame (1000) and completes when the connection has ended (at most about two seconds). */
    public CompletableFuture<CloseStatus> closeAsync() {
        channel.eventLoop().execute(() -> {
            if (channel.isActive()) {
                channel.writeAndFlush(new CloseWebSocketFrame(1000, null));
                channel.eventLoop().schedule(() -> channel.close(), 2, TimeUnit.SECONDS);
            }
        });
        return closeFuture;
    }

    /** Ends the TCP connection at once, without a close frame (what a crashed client does). */
    public void abort() {
        channel.close();
    }

    @Override
    public void close() {
        try {
            closeAsync().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            channel.close();
        }
    }

    /** Netty writes the upgrade headers' values in lower case; some servers want them exactly as browsers send. */
    private static final class UpgradeHeaders extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpRequest req) {
                req.headers().set("Upgrade", "websocket");
                req.headers().set("Connection", "Upgrade");
                ctx.pipeline().remove(this);
            }
            ctx.write(msg, promise);
        }
    }

    private static final class ClientHandler extends ChannelInboundHandlerAdapter {
        private final Listener listener;
        private final CompletableFuture<WebSocketClient> connected;
        private final CompletableFuture<CloseStatus> closed;
        volatile WebSocketClient client;
        private CloseStatus received;

        ClientHandler(Listener listener, CompletableFuture<WebSocketClient> connected,
                      CompletableFuture<CloseStatus> closed) {
            this.listener = listener;
            this.connected = connected;
            this.closed = closed;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                connected.complete(client);
            } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                connected.completeExceptionally(new SignalingException("WebSocket handshake timed out"));
                ctx.close();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof TextWebSocketFrame text) {
                    String s = text.text();
                    try {
                        listener.onText(s);
                    } catch (RuntimeException e) {
                        log.warn("signalling client listener failed", e);
                    }
                } else if (msg instanceof CloseWebSocketFrame close) {
                    int code = close.statusCode();
                    received = new CloseStatus(code < 0 ? CloseStatus.NO_STATUS : code,
                            code < 0 ? "" : close.reasonText());
                    ctx.writeAndFlush(code < 0 ? new CloseWebSocketFrame(true, 0, Unpooled.EMPTY_BUFFER)
                            : new CloseWebSocketFrame(code, null)).addListener(ChannelFutureListener.CLOSE);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            CloseStatus status = received != null ? received : new CloseStatus(CloseStatus.ABNORMAL, "");
            connected.completeExceptionally(new SignalingException("connection closed during the handshake"));
            if (closed.complete(status)) {
                try {
                    listener.onClose(status);
                } catch (RuntimeException e) {
                    log.warn("signalling client listener failed", e);
                }
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof WebSocketClientHandshakeException h && h.response() != null) {
                connected.completeExceptionally(new HandshakeRejectedException(h.response().status().code(),
                        h.response().status().reasonPhrase()));
            } else {
                connected.completeExceptionally(new SignalingException("connection failed: " + cause, cause));
                log.debug("signalling client connection error: {}", cause.toString());
            }
            ctx.close();
        }
    }
}
