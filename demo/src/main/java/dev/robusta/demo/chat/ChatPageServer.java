package dev.robusta.demo.chat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat page over plain HTTP (the JDK's server): {@code GET /} is the page with the signalling server's
 * address filled in; {@code POST /report} takes what a page in self-test mode ({@code /?selftest=N}) saw, for the
 * browser test. Everything else is 404.
 */
final class ChatPageServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChatPageServer.class);
    private static final String PAGE_RESOURCE = "chat.html";
    private static final String SIGNALLING_PLACEHOLDER = "__SIGNALLING_URL__";
    /** A report is a few hundred bytes; anything much larger is not from our page. */
    static final int MAX_REPORT_BYTES = 64 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] page;
    private final List<Consumer<String>> reportListeners = new CopyOnWriteArrayList<>();

    private ChatPageServer(HttpServer server, ExecutorService executor, byte[] page) {
        this.server = server;
        this.executor = executor;
        this.page = page;
    }

    /**
     * Binds {@code listen} and serves.
     *
     * @throws IOException when the address cannot be bound (e.g. the port is in use)
     */
    static ChatPageServer start(InetSocketAddress listen, URI signallingUri) throws IOException {
        byte[] page = loadPage().replace(SIGNALLING_PLACEHOLDER, signallingUri.toString())
                .getBytes(StandardCharsets.UTF_8);
        HttpServer http = HttpServer.create(listen, 16);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "robusta-demo-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        ChatPageServer s = new ChatPageServer(http, executor, page);
        http.createContext("/", s::handle);
        http.start();
        return s;
    }

    static String loadPage() throws IOException {
        try (InputStream in = ChatPageServer.class.getResourceAsStream(PAGE_RESOURCE)) {
            if (in == null) {
                throw new IOException("the chat page (" + PAGE_RESOURCE + ") is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    /** {@code listener} gets each self-test report (a JSON text) as the page posted it. */
    void addReportListener(Consumer<String> listener) {
        reportListeners.add(listener);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if ((path.equals("/") || path.equals("/index.html")) && (method.equals("GET") || method.equals("HEAD"))) {
                respond(ex, 200, "text/html; charset=utf-8", page, method.equals("HEAD"));
            } else if (path.equals("/report") && method.equals("POST")) {
                byte[] body = ex.getRequestBody().readNBytes(MAX_REPORT_BYTES + 1);
                if (body.length > MAX_REPORT_BYTES) {
                    respond(ex, 413, "text/plain", "report too large".getBytes(StandardCharsets.UTF_8), false);
                    return;
                }
                respond(ex, 204, null, new byte[0], false);
                String report = new String(body, StandardCharsets.UTF_8);
                LOG.debug("self-test report: {}", report);
                for (Consumer<String> l : reportListeners) {
                    l.accept(report);
                }
            } else {
                respond(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8), false);
            }
        } catch (RuntimeException e) {
            LOG.warn("HTTP request {} failed", ex.getRequestURI(), e);
        }
    }

    private static void respond(HttpExchange ex, int status, String type, byte[] body, boolean headOnly)
            throws IOException {
        if (type != null) {
            ex.getResponseHeaders().set("Content-Type", type);
        }
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        if (status == 204 || headOnly) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
