package dev.robusta.interop.browser;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback (127.0.0.1) HTTP server for browser tests: it serves pages registered by path and accepts WebSocket
 * connections on {@link #WEBSOCKET_PATH}, each handed to the {@code onSocket} callback as a {@link PageSocket}.
 * The WebSocket is the pages' signalling and control channel; nothing else is served.
 */
public final class PageServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PageServer.class);
    public static final String WEBSOCKET_PATH = "/ws";
    /** SDP and test reports fit easily; a runaway page cannot flood the test. */
    private static final int MAX_MESSAGE_BYTES = 4 << 20;

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel serverChannel;
    private final Map<String, Page> pages = new ConcurrentHashMap<>();
    private final Consumer<PageSocket> onSocket;

    private record Page(String contentType, byte[] body) {}

    /** Binds 127.0.0.1 on a free port. {@code onSocket} runs on the server's event loop: do not block in it. */
    public PageServer(Consumer<PageSocket> onSocket) {
        this.onSocket = onSocket;
        try {
            serverChannel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                    new WebSocketServerProtocolHandler(WEBSOCKET_PATH, null, true, MAX_MESSAGE_BYTES),
                                    new WebSocketFrameAggregator(MAX_MESSAGE_BYTES), new PageHandler(),
                                    new SocketHandler());
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /** Serves {@code html} at {@code path} (e.g. "/index.html") as text/html. */
    public PageServer addPage(String path, String html) {
        pages.put(path, new Page("text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** Serves a class-path resource at {@code path}. */
    public PageServer addResource(String path, Class<?> anchor, String resource, String contentType) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource + " next to " + anchor.getName());
            }
            pages.put(path, new Page(contentType, in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** {@code http://127.0.0.1:port} followed by {@code pathAndQuery}. */
    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port() + pathAndQuery;
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Plain HTTP GETs (the WebSocket upgrade on {@link #WEBSOCKET_PATH} was taken by the handler before). */
    private final class PageHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            Page page = pages.get(new QueryStringDecoder(request.uri()).path());
            DefaultFullHttpResponse response;
            if (page == null) {
                response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.NOT_FOUND,
                        Unpooled.copiedBuffer("not found", StandardCharsets.UTF_8));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
            } else {
                response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
                        Unpooled.wrappedBuffer(page.body()));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, page.contentType());
                response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            }
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** One WebSocket connection: its text messages go to the {@link PageSocket}'s listener. */
    private final class SocketHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private PageSocket socket;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                socket = new PageSocket(ctx.channel());
                onSocket.accept(socket);
            } else {
                super.userEventTriggered(ctx, event);
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            if (socket != null) {
                socket.deliver(frame.text());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (socket != null) {
                socket.closedByPeer();
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("page connection failed: {}", cause.toString());
            ctx.close();
        }
    }
}
