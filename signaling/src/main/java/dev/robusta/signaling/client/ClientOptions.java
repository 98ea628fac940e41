package dev.robusta.signaling.client;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * Options of a signalling client connection.
 *
 * @param sslContext the TLS context for wss:// (null: the JDK default)
 * @param eventLoopGroup a shared Netty group (null: the connection runs its own one-thread group)
 * @param headers extra upgrade request headers (e.g. {@code Origin})
 * @param maxMessageBytes largest message accepted from the server
 * @param connectTimeout TCP connect plus WebSocket handshake
 */
public record ClientOptions(SSLContext sslContext, EventLoopGroup eventLoopGroup, Map<String, String> headers,
                            int maxMessageBytes, Duration connectTimeout) {

    public ClientOptions {
        headers = Map.copyOf(new LinkedHashMap<>(headers));
        if (maxMessageBytes < 128) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 128");
        }
    }

    /** No TLS context, own event loop, no extra headers, 1 MiB messages, 10 s connect timeout. */
    public static ClientOptions defaults() {
        return new ClientOptions(null, null, Map.of(), 1024 * 1024, Duration.ofSeconds(10));
    }

    public ClientOptions withSslContext(SSLContext context) {
        return new ClientOptions(context, eventLoopGroup, headers, maxMessageBytes, connectTimeout);
    }

    public ClientOptions withEventLoopGroup(EventLoopGroup group) {
        return new ClientOptions(sslContext, group, headers, maxMessageBytes, connectTimeout);
    }

    public ClientOptions withHeaders(Map<String, String> extra) {
        return new ClientOptions(sslContext, eventLoopGroup, extra, maxMessageBytes, connectTimeout);
    }

    public ClientOptions withConnectTimeout(Duration timeout) {
        return new ClientOptions(sslContext, eventLoopGroup, headers, maxMessageBytes, timeout);
    }
}
