package dev.robusta.interop.browser;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One page's WebSocket to the test. Texts from the page go to the listener on the server's event loop; texts
 * received before a listener is set are kept for it.
 */
public final class PageSocket {
    private final Channel channel;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final java.util.ArrayDeque<String> early = new java.util.ArrayDeque<>();
    private Consumer<String> listener;

    PageSocket(Channel channel) {
        this.channel = channel;
    }

    /** Sets who gets the page's texts (on the server's event loop); texts that came before go to it first. */
    public void setListener(Consumer<String> listener) {
        channel.eventLoop().execute(() -> {
            this.listener = listener;
            for (String s; (s = early.poll()) != null; ) {
                listener.accept(s);
            }
        });
    }

    /** Sends a text to the page (any thread). */
    public void send(String text) {
        channel.writeAndFlush(new TextWebSocketFrame(text));
    }

    /** Completes when the page or the test closed the connection. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    public void close() {
        channel.close();
    }

    void deliver(String text) {
        if (listener == null) {
            early.add(text);
        } else {
            listener.accept(text);
        }
    }

    void closedByPeer() {
        closed.complete(null);
    }
}
