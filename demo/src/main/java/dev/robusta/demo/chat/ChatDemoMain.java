package dev.robusta.demo.chat;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/robusta-demo [chat] [--port N] [--max-tabs N]}: starts the {@link ChatDemo}, prints the page's URL and
 * runs until Ctrl-C (or SIGTERM), which stops everything cleanly.
 */
public final class ChatDemoMain {
    private static final Logger LOG = LoggerFactory.getLogger("robusta-demo");

    private ChatDemoMain() {}

    public static void main(String[] args) throws Exception {
        ChatDemo.Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            LOG.error("{} (try --help)", e.getMessage());
            System.exit(2);
            return;
        }
        if (options == null) {
            return;
        }
        ChatDemo demo;
        try {
            demo = ChatDemo.start(options);
        } catch (Exception e) {
            LOG.error("{}", e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping: closing {} peer connection(s)...", demo.activeSessions());
            demo.close();
            LOG.info("Stopped.");
            stopped.countDown();
        }, "robusta-demo-stop"));
        LOG.info("Robusta chat demo: open {} in a browser to chat with a Java RTCPeerConnection (Ctrl-C stops)",
                demo.pageUri());
        LOG.info("  signalling: GStreamer WebRTC protocol on {}, the Java peer is producer {}", demo.signallingUri(),
                ChatProducer.shortId(demo.javaPeerId()));
        stopped.await();
    }

    /** The options, or null after --help. */
    static ChatDemo.Options parse(String[] args) {
        ChatDemo.Options options = ChatDemo.Options.defaults();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port":
                    options = options.withPort(intArg(args, ++i, "--port"));
                    break;
                case "--max-tabs":
                    options = options.withMaxSessions(intArg(args, ++i, "--max-tabs"));
                    break;
                case "-h":
                case "--help":
                    LOG.info("usage: bin/robusta-demo [chat] [--port N] [--max-tabs N]   (default port {}, 0 = any free"
                            + " port)", ChatDemo.DEFAULT_PORT);
                    LOG.info("       bin/robusta-demo ice [--runs N] [--no-ipv6]");
                    return null;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return options;
    }

    private static int intArg(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a number");
        }
        try {
            return Integer.parseInt(args[i]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, got " + args[i]);
        }
    }
}
