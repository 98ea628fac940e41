package dev.robusta.interop;

import dev.robusta.ice.stun.StunClass;
import dev.robusta.ice.stun.StunMessage;
import dev.robusta.ice.stun.StunMessageBuilder;
import dev.robusta.ice.stun.StunMethod;
import dev.robusta.ice.stun.TransactionId;
import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A real coturn (Debian's {@code turnserver}) on 127.0.0.1 with a generated configuration: long-term credentials,
 * a private relay port range, loopback peers allowed (coturn refuses them by default), no TLS, no CLI. Started per
 * test class, stopped at close.
 */
final class CoturnServer implements AutoCloseable {
    static final String USER = "robusta";
    static final String PASSWORD = "relay-secret";
    static final String REALM = "robusta.test";

    private final Process process;
    private final Path dir;
    final int port;
    final int minRelayPort;
    final int maxRelayPort;

    private CoturnServer(Process process, Path dir, int port, int minRelayPort, int maxRelayPort) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.minRelayPort = minRelayPort;
        this.maxRelayPort = maxRelayPort;
    }

    static CoturnServer start() throws Exception {
        String binary = findTurnserver();
        Path dir = Files.createTempDirectory("robusta-coturn");
        int port = freeUdpPort();
        int minRelay = 40000 + new Random().nextInt(200) * 100;
        int maxRelay = minRelay + 99;
        String conf = String.join("\n",
                "listening-ip=127.0.0.1",
                "listening-port=" + port,
                "relay-ip=127.0.0.1",
                "min-port=" + minRelay,
                "max-port=" + maxRelay,
                "lt-cred-mech",
                "user=" + USER + ":" + PASSWORD,
                "realm=" + REALM,
                "no-tls",
                "no-dtls",
                "no-tcp", // UDP only: the port was chosen free for UDP, and a TCP listener on it can collide
                "no-tcp-relay",
                "no-cli",
                "allow-loopback-peers",
                "fingerprint",
                "userdb=" + dir.resolve("turndb"),
                "log-file=" + dir.resolve("turn.log"),
                "pidfile=" + dir.resolve("turn.pid"),
                "simple-log",
                "");
        Path confFile = dir.resolve("turnserver.conf");
        Files.writeString(confFile, conf);
        Process p = new ProcessBuilder(binary, "-c", confFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.txt").toFile()).start();
        CoturnServer server = new CoturnServer(p, dir, port, minRelay, maxRelay);
        try {
            server.awaitListening();
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return server;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    String turnUri() {
        return "turn:127.0.0.1:" + port + "?transport=udp";
    }

    /** Ready when it answers a STUN Binding request. */
    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(200);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("turnserver exited: " + log());
                }
                TransactionId id = TransactionId.random();
                byte[] request = new StunMessageBuilder().reset(StunClass.REQUEST, StunMethod.BINDING, id)
                        .addFingerprint().toByteArray();
                socket.send(new DatagramPacket(request, request.length, address()));
                byte[] buf = new byte[1500];
                DatagramPacket reply = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(reply);
                    if (StunMessage.parse(buf, 0, reply.getLength()).hasTransactionId(id)) {
                        return;
                    }
                } catch (SocketTimeoutException notYet) {
                    // Not listening yet.
                }
            }
        }
        throw new IllegalStateException("turnserver did not answer within 15 s: " + log());
    }

    String log() {
        try {
            Path log = dir.resolve("turn.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static String findTurnserver() {
        for (String candidate : new String[] {"/usr/bin/turnserver", "/usr/local/bin/turnserver"}) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        throw new IllegalStateException("coturn's turnserver is not installed: run ./test (or "
                + "scripts/install-test-deps), which installs the Debian package coturn");
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        }
    }
}
