package dev.robusta.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.robusta.dtls.DtlsCertificate;
import dev.robusta.dtls.DtlsConfig;
import dev.robusta.dtls.DtlsConnectionInfo;
import dev.robusta.dtls.DtlsFingerprint;
import dev.robusta.dtls.DtlsRole;
import dev.robusta.dtls.DtlsTransport;
import dev.robusta.dtls.srtp.SrtpKeys;
import dev.robusta.dtls.srtp.SrtpProfile;

/**
 * Our DTLS against OpenSSL's {@code s_server} / {@code s_client} over UDP on loopback, in both roles and for
 * every SRTP profile: the handshake completes, each side's certificate is the one expected, the SRTP keying
 * material we export equals what OpenSSL prints for {@code -keymatexport EXTRACTOR-dtls_srtp}, and application
 * data passes both ways.
 */
@Timeout(120)
class OpenSslDtlsInteropTest {
    private static final DtlsCertificate OURS = DtlsCertificate.generate();

    @TempDir
    static Path dir;
    private static Path opensslCert;
    private static Path opensslKey;
    private static Path opensslRsaCert;
    private static Path opensslRsaKey;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void makeOpensslCertificates() throws Exception {
        opensslCert = dir.resolve("ec.pem");
        opensslKey = dir.resolve("ec.key");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", opensslKey.toString(), "-out", opensslCert.toString(), "-days", "2", "-subj", "/CN=openssl");
        opensslRsaCert = dir.resolve("rsa.pem");
        opensslRsaKey = dir.resolve("rsa.key");
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", opensslRsaKey.toString(), "-out", opensslRsaCert.toString(), "-days", "2", "-subj", "/CN=openssl-rsa");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    static String opensslName(SrtpProfile profile) {
        return switch (profile) {
            case AES128_CM_HMAC_SHA1_80 -> "SRTP_AES128_CM_SHA1_80";
            case AES128_CM_HMAC_SHA1_32 -> "SRTP_AES128_CM_SHA1_32";
            case AEAD_AES_128_GCM -> "SRTP_AEAD_AES_128_GCM";
            case AEAD_AES_256_GCM -> "SRTP_AEAD_AES_256_GCM";
        };
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void weConnectToOpensslServer(SrtpProfile profile) throws Exception {
        connectAsClient(profile, opensslCert, opensslKey);
    }

    @Test
    void weConnectToAnOpensslServerWithAnRsaCertificate() throws Exception {
        connectAsClient(SrtpProfile.AES128_CM_HMAC_SHA1_80, opensslRsaCert, opensslRsaKey);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void opensslClientConnectsToUs(SrtpProfile profile) throws Exception {
        UdpEndpoint udp = new UdpEndpoint(null);
        toClose.add(udp);
        DtlsTransport transport = transport(DtlsRole.SERVER, opensslCert, udp);
        udp.deliverTo(transport);
        transport.start();
        OpenSsl openssl = OpenSsl.start(toClose, "s_client", "-dtls1_2", "-connect", "127.0.0.1:" + udp.port(),
                "-cert", opensslCert.toString(), "-key", opensslKey.toString(),
                "-use_srtp", opensslName(profile), "-keymatexport", "EXTRACTOR-dtls_srtp",
                "-keymatexportlen", Integer.toString(profile.keyingMaterialLength()));
        DtlsConnectionInfo info = transport.connected().get(30, TimeUnit.SECONDS);
        checkKeysAndData(profile, info, transport, openssl, false);
    }

    private void connectAsClient(SrtpProfile profile, Path cert, Path key) throws Exception {
        int port = freeUdpPort();
        OpenSsl openssl = OpenSsl.start(toClose, "s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port,
                "-cert", cert.toString(), "-key", key.toString(), "-verify", "1",
                "-use_srtp", opensslName(profile), "-keymatexport", "EXTRACTOR-dtls_srtp",
                "-keymatexportlen", Integer.toString(profile.keyingMaterialLength()));
        openssl.awaitLine(line -> line.startsWith("ACCEPT"));
        UdpEndpoint udp = new UdpEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        toClose.add(udp);
        DtlsTransport transport = transport(DtlsRole.CLIENT, cert, udp);
        udp.deliverTo(transport);
        DtlsConnectionInfo info = transport.start().get(30, TimeUnit.SECONDS);
        checkKeysAndData(profile, info, transport, openssl, true);
    }

    private DtlsTransport transport(DtlsRole role, Path peerCert, UdpEndpoint udp) throws Exception {
        byte[] der = pemToDer(peerCert);
        DtlsTransport transport = new DtlsTransport(DtlsConfig.builder().certificate(OURS).role(role)
                .remoteFingerprint(DtlsFingerprint.sha256(der)).srtpProfiles(DtlsConfig.DEFAULT_SRTP_PROFILES).build(),
                udp::send);
        toClose.add(transport);
        return transport;
    }

    private void checkKeysAndData(SrtpProfile profile, DtlsConnectionInfo info, DtlsTransport transport,
                                  OpenSsl openssl, boolean weAreClient) throws Exception {
        SrtpKeys keys = info.srtpKeys().orElseThrow();
        assertEquals(profile, keys.profile());
        String printed = openssl.awaitLine(line -> line.trim().startsWith("Keying material:")).trim()
                .substring("Keying material:".length()).trim();
        byte[] clientKey = weAreClient ? keys.localMasterKey() : keys.remoteMasterKey();
        byte[] serverKey = weAreClient ? keys.remoteMasterKey() : keys.localMasterKey();
        byte[] clientSalt = weAreClient ? keys.localMasterSalt() : keys.remoteMasterSalt();
        byte[] serverSalt = weAreClient ? keys.remoteMasterSalt() : keys.localMasterSalt();
        String ours = HexFormat.of().withUpperCase().formatHex(concat(clientKey, serverKey, clientSalt, serverSalt));
        assertEquals(printed.toUpperCase(), ours, "EXTRACTOR-dtls_srtp material equals OpenSSL's");

        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        transport.setListener((data, offset, length) ->
                received.add(new String(data, offset, length, StandardCharsets.UTF_8)));
        byte[] hello = "hello from robusta\n".getBytes(StandardCharsets.UTF_8);
        transport.send(hello, 0, hello.length);
        openssl.awaitLine(line -> line.contains("hello from robusta"));
        openssl.write("hello from openssl\n");
        String got = received.poll(20, TimeUnit.SECONDS);
        assertTrue(got != null && got.contains("hello from openssl"), "received " + got);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static byte[] pemToDer(Path pem) throws IOException {
        String text = Files.readString(pem);
        String body = text.substring(text.indexOf("-----BEGIN CERTIFICATE-----") + 27, text.indexOf("-----END CERTIFICATE-----"));
        return java.util.Base64.getMimeDecoder().decode(body);
    }

    private static int freeUdpPort() throws SocketException {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "openssl req finished");
        assertEquals(0, process.exitValue(), output);
    }

    /** A UDP socket on loopback that feeds a DTLS transport; it answers whoever spoke first when not connected. */
    private static final class UdpEndpoint implements AutoCloseable {
        private final DatagramSocket socket;
        private volatile InetSocketAddress peer;
        private volatile DtlsTransport transport;
        private final Thread reader;

        UdpEndpoint(InetSocketAddress peer) throws SocketException {
            this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            this.peer = peer;
            this.reader = new Thread(this::readLoop, "udp-reader");
            reader.setDaemon(true);
            reader.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        void deliverTo(DtlsTransport target) {
            this.transport = target;
        }

        void send(byte[] data, int offset, int length) {
            InetSocketAddress to = peer;
            if (to == null) {
                return;
            }
            try {
                socket.send(new DatagramPacket(data, offset, length, to));
            } catch (IOException e) {
                // closed
            }
        }

        private void readLoop() {
            byte[] buffer = new byte[65536];
            while (!socket.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (IOException e) {
                    return;
                }
                if (peer == null) {
                    peer = (InetSocketAddress) packet.getSocketAddress();
                }
                DtlsTransport target = transport;
                if (target != null) {
                    target.handleDatagram(packet.getData(), packet.getOffset(), packet.getLength());
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            reader.join(5000);
        }
    }

    /** An openssl process whose output lines we can wait for and whose stdin stays open. */
    private static final class OpenSsl implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();
        private final OutputStream stdin;

        private OpenSsl(Process process) {
            this.process = process;
            this.stdin = process.getOutputStream();
            Thread pump = new Thread(() -> {
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // process ended
                }
            }, "openssl-output");
            pump.setDaemon(true);
            pump.start();
        }

        static OpenSsl start(List<AutoCloseable> toClose, String... args) throws IOException {
            List<String> command = new ArrayList<>();
            command.add("openssl");
            command.addAll(List.of(args));
            OpenSsl openssl = new OpenSsl(new ProcessBuilder(command).redirectErrorStream(true).start());
            toClose.add(openssl);
            return openssl;
        }

        String awaitLine(java.util.function.Predicate<String> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line == null) {
                    continue;
                }
                seen.add(line);
                if (wanted.test(line)) {
                    return line;
                }
            }
            throw new AssertionError("openssl never printed the expected line; it printed:\n" + String.join("\n", seen));
        }

        void write(String text) throws IOException {
            stdin.write(text.getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
