package dev.robusta.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.robusta.signaling.client.ClientOptions;
import dev.robusta.signaling.client.CloseStatus;
import dev.robusta.signaling.client.WebSocketClient;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw text WebSocket client for tests: collects what the server sends, byte for byte. */
public final class TextCollector implements WebSocketClient.Listener, AutoCloseable {
    public static final long TIMEOUT_MS = 5000;
    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    public final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    public WebSocketClient ws;

    public static TextCollector connect(String uri) throws Exception {
        return connect(uri, ClientOptions.defaults());
    }

    public static TextCollector connect(String uri, ClientOptions options) throws Exception {
        TextCollector c = new TextCollector();
        c.ws = WebSocketClient.connect(URI.create(uri), options, c).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        return c;
    }

    @Override
    public void onText(String text) {
        texts.add(text);
    }

    @Override
    public void onClose(CloseStatus status) {
        closed.complete(status);
    }

    public void send(String text) throws Exception {
        ws.send(text).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    public String next() throws InterruptedException {
        String s = texts.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        assertNotNull(s, "no message within " + TIMEOUT_MS + " ms");
        return s;
    }

    public void expect(String exact) throws InterruptedException {
        assertEquals(exact, next());
    }

    /** Asserts nothing arrives within {@code ms}. */
    public void expectNothing(long ms) throws InterruptedException {
        assertNull(texts.poll(ms, TimeUnit.MILLISECONDS));
    }

    public CloseStatus awaitClose() throws Exception {
        return closed.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (ws != null && ws.isOpen()) {
            ws.close();
        }
    }
}
