package dev.robusta.interop.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Headless Chromium on {@code peer-harness.html}, driven over a loopback WebSocket: the test creates browser
 * RTCPeerConnections by name, passes SDP and candidates to and from them, creates and closes data channels,
 * makes them send {@link MessagePattern} messages and reads what they received and their getStats().
 *
 * <p>Calls are {@link #call(String, Map)}: an operation of the page with its fields, answered with a JSON value
 * (or failing with {@link PageException} carrying the browser's error). Events the page sends on its own
 * ({@code candidate}, {@code open}, {@code close}, {@code datachannel}, {@code bulk}, {@code big},
 * {@code connectionstate}, {@code channelError}) are kept in order; {@link #awaitEvent} waits for one and
 * {@link #onEvent} sees each as it comes. One browser process can host many connections, one after another or
 * at once.
 */
public final class PeerPage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerPage.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAGE_PATH = "/peer-harness.html";

    /** A call the page answered with an error (its JavaScript exception's name and message). */
    public static final class PageException extends RuntimeException {
        public PageException(String message) {
            super(message);
        }
    }

    private final PageServer server;
    private final HeadlessChromium browser;
    private final PageSocket socket;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final List<JsonNode> events = new ArrayList<>();
    private final List<Consumer<JsonNode>> eventListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final String userAgent;

    private PeerPage(PageServer server, HeadlessChromium browser, PageSocket socket, String userAgent) {
        this.server = server;
        this.browser = browser;
        this.socket = socket;
        this.userAgent = userAgent;
    }

    /** Starts the page server and Chromium on the harness page; returns once the page's WebSocket is up. */
    public static PeerPage open(Duration startTimeout) throws IOException, InterruptedException, TimeoutException {
        CompletableFuture<PageSocket> connected = new CompletableFuture<>();
        PageServer server = new PageServer(connected::complete);
        HeadlessChromium browser = null;
        try {
            server.addResource(PAGE_PATH, PeerPage.class, "peer-harness.html", "text/html; charset=utf-8");
            browser = HeadlessChromium.open(server.url(PAGE_PATH));
            PageSocket socket = connected.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            CompletableFuture<String> ready = new CompletableFuture<>();
            PeerPage[] page = new PeerPage[1];
            socket.setListener(text -> {
                JsonNode m = parse(text);
                if (page[0] != null) {
                    page[0].onText(m);
                } else if (m != null && "ready".equals(m.path("ev").asText())) {
                    ready.complete(m.path("userAgent").asText());
                }
            });
            String ua = ready.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            page[0] = new PeerPage(server, browser, socket, ua);
            LOG.info("harness page up in {}", ua);
            return page[0];
        } catch (ExecutionException e) {
            closeQuietly(server, browser);
            throw new IOException(e.getCause());
        } catch (TimeoutException e) {
            String log = browser == null ? "" : browser.log();
            closeQuietly(server, browser);
            throw new TimeoutException("the harness page did not connect within " + startTimeout + "; Chromium said:\n"
                    + log);
        } catch (IOException | RuntimeException | InterruptedException e) {
            closeQuietly(server, browser);
            throw e;
        }
    }

    public String userAgent() {
        return userAgent;
    }

    public HeadlessChromium browser() {
        return browser;
    }

    /** Sends operation {@code op} with {@code fields}; the future completes with the page's answer. */
    public CompletableFuture<JsonNode> call(String op, Map<String, ?> fields) {
        long id = nextId.incrementAndGet();
        ObjectNode msg = JSON.valueToTree(fields);
        msg.put("id", id);
        msg.put("op", op);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            socket.send(JSON.writeValueAsString(msg));
        } catch (JsonProcessingException e) {
            pending.remove(id);
            answer.completeExceptionally(e);
        }
        return answer;
    }

    /** {@link #call} and wait at most {@code timeout}. */
    public JsonNode callAndWait(String op, Map<String, ?> fields, Duration timeout)
            throws InterruptedException, TimeoutException {
        try {
            return call(op, fields).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new PageException(String.valueOf(c));
        } catch (TimeoutException e) {
            throw new TimeoutException("page operation " + op + " " + fields + " did not answer within " + timeout);
        }
    }

    /** Calls {@code listener} for each event from now on (on the server's event loop; do not block). */
    public void onEvent(Consumer<JsonNode> listener) {
        eventListeners.add(listener);
    }

    /** Waits for an event (one that came before the call counts) matching {@code match}. */
    public JsonNode awaitEvent(Predicate<JsonNode> match, Duration timeout, String what)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            for (int seen = 0; ; ) {
                for (; seen < events.size(); seen++) {
                    if (match.test(events.get(seen))) {
                        return events.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no " + what + " from the page within " + timeout);
                }
                TimeUnit.NANOSECONDS.timedWait(events, left);
            }
        }
    }

    /** Event {@code ev} for connection {@code pc} and channel {@code label} (null: any channel). */
    public JsonNode awaitEvent(String ev, String pc, String label, Duration timeout)
            throws InterruptedException, TimeoutException {
        return awaitEvent(e -> ev.equals(e.path("ev").asText()) && pc.equals(e.path("pc").asText())
                && (label == null || label.equals(e.path("label").asText())), timeout,
                "'" + ev + "' event for " + pc + (label == null ? "" : "/" + label));
    }

    /** Every event so far. */
    public List<JsonNode> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    private void onText(JsonNode m) {
        if (m == null) {
            return;
        }
        if (m.has("re")) {
            CompletableFuture<JsonNode> answer = pending.remove(m.get("re").asLong());
            if (answer == null) {
                return;
            }
            if (m.has("error")) {
                answer.completeExceptionally(new PageException(m.get("error").asText()));
            } else {
                answer.complete(m.get("value"));
            }
        } else if (m.has("ev")) {
            synchronized (events) {
                events.add(m);
                events.notifyAll();
            }
            for (Consumer<JsonNode> l : eventListeners) {
                try {
                    l.accept(m);
                } catch (RuntimeException e) {
                    LOG.warn("a page event listener threw", e);
                }
            }
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            LOG.warn("unparseable text from the page: {}", text.length() > 200 ? text.substring(0, 200) : text);
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        closeQuietly(server, browser);
        for (CompletableFuture<JsonNode> f : pending.values()) {
            f.completeExceptionally(new PageException("the page was closed"));
        }
    }

    private static void closeQuietly(PageServer server, HeadlessChromium browser) throws InterruptedException {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            server.close();
        }
    }
}
