package dev.robusta.signaling.cli;

import dev.robusta.signaling.ServerConfig;
import dev.robusta.signaling.SignalingException;
import dev.robusta.signaling.gstreamer.GstSignallingServer;
import dev.robusta.signaling.hyperpeer.HyperpeerServer;
import dev.robusta.signaling.hyperpeer.PeerVerifier;
import dev.robusta.signaling.notify.NotifyConfig;
import dev.robusta.signaling.notify.NotifyServer;
import dev.robusta.signaling.server.WebSocketServer;
import java.io.File;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code robusta-signaling {hyperpeer|gstreamer|notify} [options]}: runs one signalling server until interrupted.
 * The notify server takes exactly the options of the reference (rtclite's notify.py) and validates them as it does;
 * the other two take the same {@code --listen}/TLS options plus their own.
 */
public final class SignalingMain {
    /** What {@link #run} decided: a server to run, or an exit status. */
    public record Outcome(WebSocketServer server, int exitStatus) {}

    private static final Pattern NOTIFY_LISTEN = Pattern.compile("(tcp|tls):[a-z0-9_\\-.]+:\\d{1,5}");
    private static final Pattern LISTEN = Pattern.compile("(tcp|tls):(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9_\\-.]+):(\\d{1,5})");

    private SignalingMain() {}

    public static void main(String[] args) {
        Outcome o = run(args, System.out, System.err);
        if (o.server() == null) {
            System.exit(o.exitStatus());
        }
        WebSocketServer server = o.server();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "robusta-signaling-shutdown"));
        server.closeFuture().join();
    }

    /** Parses the command line and starts the server (testable: nothing here calls {@code System.exit}). */
    public static Outcome run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            out.print(MAIN_USAGE);
            return new Outcome(null, args.length == 0 ? 2 : 0);
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "hyperpeer", "gstreamer" -> runCommon(args[0], rest, out, err);
            case "notify" -> runNotify(rest, out, err);
            default -> {
                err.println("robusta-signaling: unknown protocol '" + args[0] + "' (hyperpeer, gstreamer or notify)");
                yield new Outcome(null, 2);
            }
        };
    }

    static final String MAIN_USAGE = String.join("\n",
            "usage: robusta-signaling {hyperpeer|gstreamer|notify} --listen tcp:HOST:PORT [options]",
            "",
            "Runs a WebRTC signalling server until interrupted (Ctrl-C closes every client with 1001).",
            "  hyperpeer   Hyperpeer pairing server (ws://HOST:PORT/{type}[/{id}[/{key}]])",
            "  gstreamer   GStreamer WebRTC signalling server (webrtcsink/webrtcsrc, gstwebrtc-api), protocol 1.1",
            "  notify      rtclite's notify relay (/call/{id}, two clients per path)",
            "",
            "robusta-signaling PROTOCOL --help shows the options of each.",
            "");

    // ---- hyperpeer and gstreamer -----------------------------------------------------------------------------

    private static String commonUsage(String protocol) {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: robusta-signaling ").append(protocol).append(" --listen tcp:HOST:PORT [options]\n\n");
        if (protocol.equals("hyperpeer")) {
            sb.append("Hyperpeer signalling server: peers connect to ws[s]://HOST:PORT/{type}[/{id}[/{key}]], list\n"
                    + "each other, pair, and relay offers, answers and candidates to their partner.\n\n");
        } else {
            sb.append("GStreamer WebRTC signalling server (protocol 1.1, compatible with clients that send no version):\n"
                    + "producers, listeners, consumers, sessions, SDP/ICE relay. Any URL path is accepted.\n\n");
        }
        sb.append("options:\n");
        sb.append("  -l, --listen TYPE:HOST:PORT  where to listen: tcp:HOST:PORT (ws://) or tls:HOST:PORT (wss://);\n");
        sb.append("                               HOST may be a bracketed IPv6 literal, e.g. tcp:[::1]:8080\n");
        sb.append("  --certfile FILE              PEM certificate chain (with tls:)\n");
        sb.append("  --keyfile FILE               PEM PKCS#8 private key (with tls:)\n");
        if (protocol.equals("hyperpeer")) {
            sb.append("  --key ID=KEY                 peer ID must connect with KEY (/{type}/ID/KEY), else HTTP 401;\n");
            sb.append("                               repeatable\n");
            sb.append("  --require-key                refuse (401) peers whose id has no --key\n");
        } else {
            sb.append("  --report-invalid             answer unparseable messages with an error (default: dropped\n");
            sb.append("                               silently, as the reference server does)\n");
        }
        sb.append("  --max-message-size BYTES     largest message a client may send (default 65536); larger: 1009\n");
        sb.append("  --idle-timeout SECONDS       close clients silent this long, pongs included (default 90);\n");
        sb.append("                               quiet clients are pinged every 30 s\n");
        sb.append("  --rate-limit N               messages per second per client, bursts of 3N (default 100; 0: off);\n");
        sb.append("                               a client over it is closed with 1008\n");
        sb.append("  --max-connections N          connections beyond N are closed at once (default 20000)\n");
        sb.append("  -d, --verbose                debug logging\n");
        sb.append("  -q, --quiet                  no logging\n");
        sb.append("  -h, --help                   this text\n");
        return sb.toString();
    }

    private static Outcome runCommon(String protocol, String[] args, PrintStream out, PrintStream err) {
        String listen = null;
        String certfile = null;
        String keyfile = null;
        Map<String, String> keys = new LinkedHashMap<>();
        boolean requireKey = false;
        boolean reportInvalid = false;
        int maxMessage = 65536;
        int idleSeconds = 90;
        int rate = 100;
        int maxConnections = 20_000;
        String level = "info";
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String value = null;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 0) {
                    value = a.substring(eq + 1);
                    a = a.substring(0, eq);
                }
                switch (a) {
                    case "-h", "--help" -> {
                        out.print(commonUsage(protocol));
                        return new Outcome(null, 0);
                    }
                    case "-d", "--verbose" -> level = "debug";
                    case "-q", "--quiet" -> level = "off";
                    case "--require-key" -> {
                        hyperpeerOnly(protocol, a);
                        requireKey = true;
                    }
                    case "--report-invalid" -> {
                        if (!protocol.equals("gstreamer")) {
                            throw new IllegalArgumentException("no such option: " + a);
                        }
                        reportInvalid = true;
                    }
                    default -> {
                        if (value == null) {
                            if (i + 1 >= args.length) {
                                throw new IllegalArgumentException(a + " option requires an argument");
                            }
                            value = args[++i];
                        }
                        switch (a) {
                            case "-l", "--listen" -> listen = value;
                            case "--certfile" -> certfile = value;
                            case "--keyfile" -> keyfile = value;
                            case "--key" -> {
                                hyperpeerOnly(protocol, a);
                                int sep = value.indexOf('=');
                                if (sep <= 0) {
                                    throw new IllegalArgumentException("--key wants ID=KEY, got '" + value + "'");
                                }
                                keys.put(value.substring(0, sep), value.substring(sep + 1));
                            }
                            case "--max-message-size" -> maxMessage = positiveInt(a, value, 128);
                            case "--idle-timeout" -> idleSeconds = positiveInt(a, value, 1);
                            case "--rate-limit" -> rate = positiveInt(a, value, 0);
                            case "--max-connections" -> maxConnections = positiveInt(a, value, 1);
                            default -> throw new IllegalArgumentException("no such option: " + a);
                        }
                    }
                }
            }
            if (listen == null) {
                throw new IllegalArgumentException("missing --listen TYPE:HOST:PORT argument");
            }
            Matcher m = LISTEN.matcher(listen);
            if (!m.matches()) {
                throw new IllegalArgumentException("invalid listen option '" + listen
                        + "' (tcp:HOST:PORT or tls:HOST:PORT)");
            }
            int port = Integer.parseInt(m.group(3));
            if (port > 65535) {
                throw new IllegalArgumentException("invalid port " + port);
            }
            String host = m.group(2).startsWith("[") ? m.group(2).substring(1, m.group(2).length() - 1) : m.group(2);
            boolean tls = m.group(1).equals("tls");
            if (tls && (certfile == null || keyfile == null)) {
                throw new IllegalArgumentException("missing certfile or keyfile option");
            }
            configureLogging(level);
            ServerConfig.Builder b = ServerConfig.builder(new InetSocketAddress(host, port))
                    .maxMessageBytes(maxMessage)
                    .idleTimeout(Duration.ofSeconds(idleSeconds))
                    .pingInterval(Duration.ofSeconds(Math.max(1, Math.min(30, idleSeconds / 3))))
                    .rateLimit(rate, Math.max(1, rate * 3))
                    .maxConnections(maxConnections);
            if (tls) {
                b.tls(ServerConfig.tlsFromPem(new File(certfile), new File(keyfile)));
            }
            ServerConfig config = b.build();
            WebSocketServer server = protocol.equals("hyperpeer")
                    ? HyperpeerServer.start(config, keys.isEmpty() && !requireKey ? PeerVerifier.ACCEPT_ALL
                            : PeerVerifier.keys(keys, requireKey))
                    : GstSignallingServer.start(config, reportInvalid);
            if (!level.equals("off")) {
                err.println("robusta-signaling " + protocol + ": serving on " + server.baseUri());
            }
            return new Outcome(server, 0);
        } catch (IllegalArgumentException | SignalingException e) {
            err.println("robusta-signaling " + protocol + ": error: " + e.getMessage());
            if (e instanceof IllegalArgumentException) {
                err.println("(robusta-signaling " + protocol + " --help lists the options)");
            }
            return new Outcome(null, e instanceof SignalingException ? 1 : 2);
        }
    }

    private static void hyperpeerOnly(String protocol, String option) {
        if (!protocol.equals("hyperpeer")) {
            throw new IllegalArgumentException("no such option: " + option);
        }
    }

    private static int positiveInt(String option, String value, int min) {
        try {
            int v = Integer.parseInt(value);
            if (v < min) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " wants an integer >= " + min + ", got '" + value + "'");
        }
    }

    // ---- notify: exactly the reference's options -------------------------------------------------------------

    static final String NOTIFY_USAGE = String.join("\n",
            "Usage: robusta-signaling notify [options]",
            "",
            "Options:",
            "  -h, --help            show this help message and exit",
            "  -d, --verbose         enable debug level logging instead of default info",
            "  -q, --quiet           quiet mode with only critical debug level instead of",
            "                        default info",
            "  -l TYPE:HOST:PORT, --listen=TYPE:HOST:PORT",
            "                        listening transport address of the form",
            "                        TYPE:HOST:PORT, e.g., -l tcp:0.0.0.0:8080 or -l",
            "                        tls:0.0.0.0:443",
            "  --certfile=FILE       certificate file in PEM format when a TLS listener is",
            "                        specified.",
            "  --keyfile=FILE        private key file in PEM format when a TLS listener is",
            "                        specified.",
            "  --path=PATH           restrict to only allowed path in request URI, and",
            "                        return 404 otherwise. This option can appear multiple",
            "                        times, e.g., --path /gateway --path /myapp",
            "  --host=HOST[:PORT]    restrict to only allowed Host header values, and",
            "                        return 403 otherwise. This option can appear multiple",
            "                        times, e.g., --host myserver.com --host",
            "                        localhost:8080",
            "  --origin=URL          restrict to only allowed Origin header values, and",
            "                        return 403 otherwise. This option can appear multiple",
            "                        times, e.g., --origin https://myserver:8443 --origin",
            "                        http://myserver",
            "  --test                test this module and exit",
            "");

    private static Outcome runNotify(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            out.print(NOTIFY_USAGE);
            return new Outcome(null, 255);
        }
        boolean verbose = false;
        boolean quiet = false;
        boolean test = false;
        String listen = null;
        String certfile = null;
        String keyfile = null;
        List<String> paths = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            } else if (a.startsWith("-l") && a.length() > 2) {
                value = a.substring(2);
                a = "-l";
            }
            switch (a) {
                case "-h", "--help" -> {
                    out.print(NOTIFY_USAGE);
                    return new Outcome(null, 0);
                }
                case "-d", "--verbose" -> verbose = true;
                case "-q", "--quiet" -> quiet = true;
                case "--test" -> test = true;
                case "-l", "--listen", "--certfile", "--keyfile", "--path", "--host", "--origin" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            err.print("Usage: robusta-signaling notify [options]\n\nrobusta-signaling notify: error: "
                                    + a + " option requires an argument\n");
                            return new Outcome(null, 2);
                        }
                        value = args[++i];
                    }
                    switch (a) {
                        case "-l", "--listen" -> listen = value;
                        case "--certfile" -> certfile = value;
                        case "--keyfile" -> keyfile = value;
                        case "--path" -> paths.add(value);
                        case "--host" -> hosts.add(value);
                        default -> origins.add(value);
                    }
                }
                default -> {
                    err.print("Usage: robusta-signaling notify [options]\n\nrobusta-signaling notify: error: no such "
                            + "option: " + a + "\n");
                    return new Outcome(null, 2);
                }
            }
        }
        if (test) {
            return new Outcome(null, 0);
        }
        // As the reference: validation errors are logged and the process exits with status 0.
        if (listen == null) {
            notifyError(err, quiet, "missing --listen TYPE:HOST:PORT argument");
            return new Outcome(null, 0);
        }
        if (!NOTIFY_LISTEN.matcher(listen).matches()) {
            notifyError(err, quiet, "Invalid listen option '" + listen.replace("\\", "\\\\").replace("'", "\\'") + "'");
            return new Outcome(null, 0);
        }
        String[] parts = listen.split(":", 3);
        boolean tls = parts[0].equals("tls");
        if (tls && (certfile == null || keyfile == null)) {
            notifyError(err, quiet, "Missing certfile or keyfile option");
            return new Outcome(null, 0);
        }
        int port = Integer.parseInt(parts[2]);
        if (port > 65535) {
            notifyError(err, quiet, "Invalid port " + port + " (the reference server fails here too)");
            return new Outcome(null, 1);
        }
        configureLogging(quiet ? "off" : verbose ? "debug" : "info");
        try {
            ServerConfig.Builder b = ServerConfig.builder(new InetSocketAddress(parts[1], port));
            if (tls) {
                b.tls(ServerConfig.tlsFromPem(new File(certfile), new File(keyfile)));
            }
            WebSocketServer server = NotifyServer.start(b.build(),
                    NotifyConfig.defaults().withRestrictions(paths, hosts, origins));
            return new Outcome(server, 0);
        } catch (SignalingException e) {
            notifyError(err, quiet, e.getMessage());
            return new Outcome(null, 1);
        }
    }

    /** A log line in the reference's format: {@code 2026-11-22 22:03:19.743 notify ERROR - text}. */
    private static void notifyError(PrintStream err, boolean quiet, String text) {
        if (quiet) {
            return;
        }
        LocalDateTime now = LocalDateTime.now();
        err.println(now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")) + "."
                + (now.getNano() / 1_000_000) + " notify ERROR - " + text);
    }

    /** slf4j-simple reads these once, when the first logger is made: this runs before any server class logs. */
    private static void configureLogging(String level) {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", level);
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showLogName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "false");
        setIfAbsent("org.slf4j.simpleLogger.log.io.netty", "warn".equals(level) || "debug".equals(level)
                ? "info" : level.equals("off") ? "off" : "warn");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
