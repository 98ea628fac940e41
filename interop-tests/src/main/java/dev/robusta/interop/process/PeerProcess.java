package dev.robusta.interop.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer connection of another stack in a process of its own, driven by JSON lines: {@link #command} writes one
 * to its stdin, {@link #await} takes the first matching event from its stdout. Two programs speak the same
 * commands and events: aiortc ({@code /usr/bin/python3} with Debian's python3-aiortc, {@code aiortc_peer.py}) and
 * Pion ({@code pion_peer.go}, built by {@link PionBuild}); both document them. The test messages both sides
 * generate are {@link MessagePatterns}. Both run loopback only (host candidates on 127.0.0.1, no STUN server).
 *
 * <p>Thread-safe: events are read on a thread of their own; commands may come from any thread.
 */
public final class PeerProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerProcess.class);
    private static final String AIORTC_SCRIPT = "/dev/robusta/interop/aiortc/aiortc_peer.py";
    private static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STDERR_LINES_KEPT = 40;

    private final String name;
    private final String stack;
    private final Path script; // a temporary copy of the program, deleted on close; null when none
    private final Process process;
    private final Writer stdin;
    private final Deque<JsonNode> events = new ArrayDeque<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private boolean stdoutEnded;

    private PeerProcess(String name, String stack, Path script, Process process) {
        this.name = name;
        this.stack = stack;
        this.script = script;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread out = new Thread(this::readEvents, name + "-stdout");
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(this::readStderr, name + "-stderr");
        err.setDaemon(true);
        err.start();
    }

    /** Starts an aiortc peer and waits (up to 30 s: importing aiortc is slow on a loaded machine) until it is ready. */
    public static PeerProcess aiortc(String name) throws IOException {
        Path script = Files.createTempFile("aiortc_peer", ".py");
        try (InputStream in = PeerProcess.class.getResourceAsStream(AIORTC_SCRIPT)) {
            if (in == null) {
                throw new IOException("resource " + AIORTC_SCRIPT + " is missing");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Process p = new ProcessBuilder(PYTHON, "-u", script.toString()).start();
        return ready(new PeerProcess(name, "aiortc", script, p));
    }

    /** Whether Debian's python3-aiortc can be imported (tests that need it are skipped when not). */
    public static boolean aiortcAvailable() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import aiortc").redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts a Pion peer (building it on first use, see {@link PionBuild}) and waits until it is ready. */
    public static PeerProcess pion(String name) throws IOException {
        Path binary = PionBuild.binary();
        Process p = new ProcessBuilder(binary.toString()).start();
        return ready(new PeerProcess(name, "Pion", null, p));
    }

    private static PeerProcess ready(PeerProcess peer) {
        try {
            peer.await("ready", Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    /** Sends a command: {@code op} and then name/value pairs. */
    public void command(String op, Object... fields) {
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("fields come in name/value pairs");
        }
        ObjectNode cmd = JSON.createObjectNode();
        cmd.put("op", op);
        for (int i = 0; i < fields.length; i += 2) {
            cmd.set((String) fields[i], JSON.valueToTree(fields[i + 1]));
        }
        String line;
        try {
            line = JSON.writeValueAsString(cmd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (stdin) {
            try {
                stdin.write(line);
                stdin.write('\n');
                stdin.flush();
            } catch (IOException e) {
                throw new PeerProcessException(name + ": cannot send '" + op + "' (process ended?)" + diagnostics(), e);
            }
        }
    }

    /** The first event named {@code ev}; see {@link #await(String, Predicate, Duration)}. */
    public JsonNode await(String ev, Duration timeout) {
        return await(ev, e -> true, timeout);
    }

    /**
     * Takes the first event named {@code ev} that matches, waiting up to {@code timeout}; events that do not match
     * stay for later calls.
     *
     * @throws PeerProcessException on timeout, when the process reports an "error" event first, or when it ends
     */
    public JsonNode await(String ev, Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                for (Iterator<JsonNode> it = events.iterator(); it.hasNext(); ) {
                    JsonNode e = it.next();
                    String kind = e.path("ev").asText();
                    if (kind.equals(ev) && match.test(e)) {
                        it.remove();
                        return e;
                    }
                    if (kind.equals("error") && !ev.equals("error")) {
                        it.remove();
                        throw new PeerProcessException(name + ": " + stack + " failed: " + e + diagnostics());
                    }
                }
                long left = deadline - System.nanoTime();
                if (stdoutEnded) {
                    throw new PeerProcessException(name + ": the process ended while waiting for '" + ev + "'"
                            + diagnostics());
                }
                if (left <= 0) {
                    throw new PeerProcessException(name + ": no '" + ev + "' event within " + timeout.toMillis()
                            + " ms; pending " + events + diagnostics());
                }
                try {
                    events.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PeerProcessException(name + ": interrupted", e);
                }
            }
        }
    }

    /** Removes and returns every event named {@code ev} received so far. */
    public List<JsonNode> drain(String ev) {
        List<JsonNode> out = new ArrayList<>();
        synchronized (events) {
            for (Iterator<JsonNode> it = events.iterator(); it.hasNext(); ) {
                JsonNode e = it.next();
                if (e.path("ev").asText().equals(ev)) {
                    out.add(e);
                    it.remove();
                }
            }
        }
        return out;
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Asks the peer to close its connection and waits up to 10 s for the process to end, then kills it. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                try {
                    command("close");
                    stdin.close();
                } catch (RuntimeException | IOException e) {
                    LOG.debug("{}: close command not sent: {}", name, e.getMessage());
                }
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    LOG.warn("{}: {} did not stop in 10 s; killing it{}", name, stack, diagnostics());
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            if (script != null) {
                try {
                    Files.deleteIfExists(script);
                } catch (IOException e) {
                    LOG.debug("{}: {} not deleted", name, script);
                }
            }
        }
    }

    private void readEvents() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                JsonNode e;
                try {
                    e = JSON.readTree(line);
                } catch (IOException bad) {
                    LOG.warn("{}: not JSON on stdout: {}", name, line);
                    continue;
                }
                LOG.debug("{} -> {}", name, abbreviate(line));
                synchronized (events) {
                    events.add(e);
                    events.notifyAll();
                }
            }
        } catch (IOException e) {
            LOG.debug("{}: stdout closed: {}", name, e.getMessage());
        } finally {
            synchronized (events) {
                stdoutEnded = true;
                events.notifyAll();
            }
        }
    }

    private void readStderr() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                LOG.debug("{} stderr: {}", name, line);
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_LINES_KEPT) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line);
                }
            }
        } catch (IOException e) {
            LOG.debug("{}: stderr closed: {}", name, e.getMessage());
        }
    }

    private String diagnostics() {
        synchronized (stderrTail) {
            return stderrTail.isEmpty() ? "" : "\n" + stack + " stderr:\n" + String.join("\n", stderrTail);
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 300 ? line : line.substring(0, 300) + "...";
    }

    /** A failure reported by, or while talking to, the peer's process. */
    public static final class PeerProcessException extends RuntimeException {
        PeerProcessException(String message) {
            super(message);
        }

        PeerProcessException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
