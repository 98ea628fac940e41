package dev.robusta.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.robusta.dtls.srtp.SrtpKeys;
import dev.robusta.dtls.srtp.SrtpProfile;

@Timeout(60)
class DtlsTransportTest {
    private static final DtlsCertificate EC_A = DtlsCertificate.generate();
    private static final DtlsCertificate EC_B = DtlsCertificate.generate();
    private static final DtlsCertificate RSA = DtlsCertificate.generate(DtlsCertificate.KeyType.RSA_2048);

    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    /** One endpoint: its transport and what it received. */
    private static final class Endpoint {
        final DtlsTransport transport;
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final List<DtlsState> states = new CopyOnWriteArrayList<>();
        final List<DtlsException> causes = new CopyOnWriteArrayList<>();

        Endpoint(DtlsConfig config, DatagramSender sender) {
            transport = new DtlsTransport(config, sender);
            transport.setListener(new DtlsTransport.Listener() {
                @Override
                public void onApplicationData(byte[] data, int offset, int length) {
                    received.add(new String(data, offset, length, StandardCharsets.UTF_8));
                }

                @Override
                public void onStateChange(DtlsState state, DtlsException cause) {
                    states.add(state);
                    if (cause != null) {
                        causes.add(cause);
                    }
                }
            });
        }

        void send(String text) throws DtlsException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            transport.send(bytes, 0, bytes.length);
        }
    }

    private Endpoint[] pair(DtlsConfig.Builder client, DtlsConfig.Builder server, MemoryLink link) {
        Endpoint a = new Endpoint(client.role(DtlsRole.CLIENT).build(), link.senderA());
        Endpoint b = new Endpoint(server.role(DtlsRole.SERVER).build(), link.senderB());
        link.connect(a.transport::handleDatagram, b.transport::handleDatagram);
        toClose.add(link);
        toClose.add(a.transport);
        toClose.add(b.transport);
        return new Endpoint[] {a, b};
    }

    private static DtlsConfig.Builder config(DtlsCertificate own, DtlsCertificate peer) {
        return DtlsConfig.builder().certificate(own).remoteFingerprint(peer.fingerprint());
    }

    private static DtlsConnectionInfo await(CompletableFuture<DtlsConnectionInfo> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    @Test
    void handshakeExportsMatchingSrtpKeysAndCarriesDataBothWays() throws Exception {
        Endpoint[] ends = pair(config(EC_A, EC_B), config(EC_B, EC_A), new MemoryLink(1, 0));
        CompletableFuture<DtlsConnectionInfo> server = ends[1].transport.start();
        CompletableFuture<DtlsConnectionInfo> client = ends[0].transport.start();
        DtlsConnectionInfo c = await(client);
        DtlsConnectionInfo s = await(server);

        assertEquals("DTLS 1.2", c.protocolVersion());
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", c.cipherSuite());
        assertEquals(c.cipherSuite(), s.cipherSuite());
        assertEquals(EC_B.fingerprint(), c.remoteFingerprint());
        assertEquals(EC_A.fingerprint(), s.remoteFingerprint());
        assertArrayEquals(EC_B.encoded(), c.remoteCertificateDer());

        SrtpKeys ck = c.srtpKeys().orElseThrow();
        SrtpKeys sk = s.srtpKeys().orElseThrow();
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, ck.profile(), "the server's first choice among the client's offer");
        assertArrayEquals(ck.localMasterKey(), sk.remoteMasterKey());
        assertArrayEquals(ck.localMasterSalt(), sk.remoteMasterSalt());
        assertArrayEquals(ck.remoteMasterKey(), sk.localMasterKey());
        assertArrayEquals(ck.remoteMasterSalt(), sk.localMasterSalt());
        assertTrue(!java.util.Arrays.equals(ck.localMasterKey(), ck.remoteMasterKey()), "each direction has its own key");

        ends[0].send("hello from the client");
        ends[1].send("hello from the server");
        assertEquals("hello from the client", ends[1].received.poll(10, TimeUnit.SECONDS));
        assertEquals("hello from the server", ends[0].received.poll(10, TimeUnit.SECONDS));
        assertEquals(List.of(DtlsState.CONNECTING, DtlsState.CONNECTED), ends[0].states);
        assertEquals(DtlsState.CONNECTED, ends[1].transport.state());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void everySrtpProfileCanBeNegotiated(SrtpProfile profile) throws Exception {
        DtlsConfig.Builder client = config(EC_A, EC_B).srtpProfiles(DtlsConfig.DEFAULT_SRTP_PROFILES);
        DtlsConfig.Builder server = config(EC_B, EC_A).srtpProfiles(List.of(profile));
        Endpoint[] ends = pair(client, server, new MemoryLink(2, 0));
        ends[1].transport.start();
        DtlsConnectionInfo c = await(ends[0].transport.start());
        DtlsConnectionInfo s = await(ends[1].transport.connected());
        assertEquals(profile, c.srtpKeys().orElseThrow().profile());
        assertEquals(profile.masterKeyLength(), c.srtpKeys().orElseThrow().localMasterKey().length);
        assertArrayEquals(c.srtpKeys().orElseThrow().localMasterKey(), s.srtpKeys().orElseThrow().remoteMasterKey());
    }

    @Test
    void rsaAndEcdsaCertificatesInterwork() throws Exception {
        // An RSA server makes the client pick an ECDHE_RSA suite; the RSA client signs its CertificateVerify.
        Endpoint[] ends = pair(config(EC_A, RSA), config(RSA, EC_A), new MemoryLink(3, 0));
        ends[1].transport.start();
        assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", await(ends[0].transport.start()).cipherSuite());

        Endpoint[] reversed = pair(config(RSA, EC_B), config(EC_B, RSA), new MemoryLink(4, 0));
        reversed[1].transport.start();
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", await(reversed[0].transport.start()).cipherSuite());
        assertEquals(RSA.fingerprint(), await(reversed[1].transport.connected()).remoteFingerprint());
    }

    @Test
    void noCommonSrtpProfileGivesNoKeysOrFailsWhenRequired() throws Exception {
        Endpoint[] ends = pair(config(EC_A, EC_B).srtpProfiles(List.of(SrtpProfile.AES128_CM_HMAC_SHA1_32)),
                config(EC_B, EC_A).srtpProfiles(List.of(SrtpProfile.AEAD_AES_256_GCM)), new MemoryLink(5, 0));
        ends[1].transport.start();
        assertTrue(await(ends[0].transport.start()).srtpKeys().isEmpty());

        Endpoint[] strict = pair(config(EC_A, EC_B).srtpProfiles(List.of(SrtpProfile.AES128_CM_HMAC_SHA1_32)),
                config(EC_B, EC_A).srtpProfiles(List.of(SrtpProfile.AEAD_AES_256_GCM)).srtpRequired(true),
                new MemoryLink(6, 0));
        strict[1].transport.start();
        strict[0].transport.start();
        DtlsException failure = failure(strict[1].transport.connected());
        assertEquals(DtlsException.Reason.NO_COMMON_SRTP_PROFILE, failure.reason());
        assertEquals(DtlsException.Reason.ALERT_RECEIVED, failure(strict[0].transport.connected()).reason());
    }

    @Test
    void serverRejectsAClientWhoseCertificateDoesNotMatchItsFingerprint() throws Exception {
        // The server was told to expect EC_B's fingerprint, but the client presents EC_A.
        Endpoint[] ends = pair(config(EC_A, EC_B), config(EC_B, EC_B), new MemoryLink(7, 0));
        ends[1].transport.start();
        ends[0].transport.start();
        DtlsException serverFailure = failure(ends[1].transport.connected());
        assertEquals(DtlsException.Reason.FINGERPRINT_MISMATCH, serverFailure.reason());
        assertTrue(serverFailure.getMessage().contains(EC_A.fingerprint().toSdpValue()), serverFailure.getMessage());
        DtlsException clientFailure = failure(ends[0].transport.connected());
        assertEquals(DtlsException.Reason.ALERT_RECEIVED, clientFailure.reason());
        assertTrue(clientFailure.getMessage().contains("bad_certificate"), clientFailure.getMessage());
        assertEquals(DtlsState.FAILED, ends[0].transport.state());
        assertEquals(DtlsState.FAILED, ends[1].transport.state());
        assertThrows(DtlsException.class, () -> ends[0].send("must not pass"));
        assertEquals(0, ends[1].transport.bytesReceived());
    }

    @Test
    void clientRejectsAServerWhoseCertificateDoesNotMatchItsFingerprint() throws Exception {
        Endpoint[] ends = pair(config(EC_A, RSA), config(EC_B, EC_A), new MemoryLink(8, 0));
        ends[1].transport.start();
        ends[0].transport.start();
        assertEquals(DtlsException.Reason.FINGERPRINT_MISMATCH, failure(ends[0].transport.connected()).reason());
        assertEquals(DtlsException.Reason.ALERT_RECEIVED, failure(ends[1].transport.connected()).reason());
        assertEquals(0, ends[0].transport.bytesReceived());
        assertEquals(0, ends[1].transport.bytesReceived());
    }

    @Test
    void aPeerThatNeverAnswersFailsWithinTheHandshakeTimeout() throws Exception {
        DtlsTransport lonely = new DtlsTransport(config(EC_A, EC_B).role(DtlsRole.CLIENT)
                .handshakeTimeout(Duration.ofSeconds(2)).initialRetransmitTimeout(Duration.ofMillis(100)).build(),
                (data, offset, length) -> { });
        toClose.add(lonely);
        long start = System.nanoTime();
        DtlsException failure = failure(lonely.start());
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(DtlsException.Reason.HANDSHAKE_TIMEOUT, failure.reason());
        assertTrue(elapsedMillis < 10_000, "gave up after " + elapsedMillis + " ms");
        assertEquals(DtlsState.FAILED, lonely.state());
    }

    @Test
    void aServerNobodyCallsFailsWithinTheHandshakeTimeout() throws Exception {
        DtlsTransport lonely = new DtlsTransport(config(EC_B, EC_A).role(DtlsRole.SERVER)
                .handshakeTimeout(Duration.ofSeconds(2)).build(), (data, offset, length) -> { });
        toClose.add(lonely);
        assertEquals(DtlsException.Reason.HANDSHAKE_TIMEOUT, failure(lonely.start()).reason());
    }

    @Test
    @Timeout(300)
    void handshakeCompletesDespiteHeavyLoss() throws Exception {
        // 25 % loss each way; retransmissions back off exponentially, so allow a long handshake.
        long droppedInAll = 0;
        for (long seed = 10; seed < 18; seed++) {
            MemoryLink link = new MemoryLink(seed, 0.25);
            Endpoint[] ends = pair(config(EC_A, EC_B).initialRetransmitTimeout(Duration.ofMillis(50))
                            .handshakeTimeout(Duration.ofSeconds(60)),
                    config(EC_B, EC_A).initialRetransmitTimeout(Duration.ofMillis(50))
                            .handshakeTimeout(Duration.ofSeconds(60)), link);
            ends[1].transport.start();
            CompletableFuture<DtlsConnectionInfo> cf = ends[0].transport.start();
            try {
                cf.get(60, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("seed " + seed + " client " + ends[0].states + " server " + ends[1].states
                        + " dropped " + link.dropped + " delivered " + link.delivered + " client rx "
                        + ends[0].transport.datagramsReceived() + " server rx " + ends[1].transport.datagramsReceived()
                        + " server dropped " + ends[1].transport.datagramsDropped());
            }
            DtlsConnectionInfo c = await(cf);
            DtlsConnectionInfo s = await(ends[1].transport.connected());
            assertArrayEquals(c.srtpKeys().orElseThrow().localMasterKey(),
                    s.srtpKeys().orElseThrow().remoteMasterKey());
            droppedInAll += link.dropped.get();
        }
        assertTrue(droppedInAll >= 20, "the links dropped datagrams: " + droppedInAll);
    }

    @Test
    void aLostFinalServerFlightIsResentWhenTheClientRetransmits() throws Exception {
        MemoryLink link = new MemoryLink(30, 0);
        java.util.concurrent.atomic.AtomicInteger finalFlightDrops = new java.util.concurrent.atomic.AtomicInteger();
        // Drop the server's first change_cipher_spec and its first epoch-1 record (the Finished).
        link.dropFromB = d -> {
            boolean finalFlight = d[0] == 20 || (d[0] == 22 && d[3] == 0 && d[4] == 1);
            return finalFlight && finalFlightDrops.incrementAndGet() <= 2;
        };
        Endpoint[] ends = pair(config(EC_A, EC_B).initialRetransmitTimeout(Duration.ofMillis(50)),
                config(EC_B, EC_A), link);
        ends[1].transport.start();
        DtlsConnectionInfo c = await(ends[0].transport.start());
        assertTrue(finalFlightDrops.get() > 2, "the server sent its final flight again");
        assertEquals(c.cipherSuite(), await(ends[1].transport.connected()).cipherSuite());
    }

    @Test
    void aFinishedThatOvertakesItsLostChangeCipherSpecIsBuffered() throws Exception {
        MemoryLink link = new MemoryLink(32, 0);
        java.util.concurrent.atomic.AtomicInteger cipherChangeDrops = new java.util.concurrent.atomic.AtomicInteger();
        link.dropFromB = d -> d[0] == 20 && cipherChangeDrops.incrementAndGet() == 1;
        Endpoint[] ends = pair(config(EC_A, EC_B).initialRetransmitTimeout(Duration.ofMillis(50)),
                config(EC_B, EC_A), link);
        ends[1].transport.start();
        await(ends[0].transport.start());
        assertTrue(cipherChangeDrops.get() >= 2, "the server's change_cipher_spec was sent again");
    }

    @Test
    void aLostCertificateVerifyDoesNotStallTheServerAfterTheCipherChange() throws Exception {
        // The server gets Certificate, ClientKeyExchange, change_cipher_spec and Finished, but not the
        // CertificateVerify (handshake type 15); its retransmission must still be read.
        MemoryLink link = new MemoryLink(31, 0);
        java.util.concurrent.atomic.AtomicInteger certificateVerifyDrops = new java.util.concurrent.atomic.AtomicInteger();
        link.dropFromA = d -> d[0] == 22 && d[4] == 0 && d.length > 13 && d[13] == 15
                && certificateVerifyDrops.incrementAndGet() == 1;
        Endpoint[] ends = pair(config(EC_A, EC_B).initialRetransmitTimeout(Duration.ofMillis(50)),
                config(EC_B, EC_A).initialRetransmitTimeout(Duration.ofMillis(50)), link);
        ends[1].transport.start();
        await(ends[0].transport.start());
        await(ends[1].transport.connected());
        assertTrue(certificateVerifyDrops.get() >= 2, "the CertificateVerify was sent again");
    }

    @Test
    void closeNotifyClosesThePeer() throws Exception {
        Endpoint[] ends = pair(config(EC_A, EC_B), config(EC_B, EC_A), new MemoryLink(20, 0));
        ends[1].transport.start();
        await(ends[0].transport.start());
        await(ends[1].transport.connected());
        ends[0].transport.close();
        assertEquals(DtlsState.CLOSED, ends[0].transport.state());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ends[1].transport.state() != DtlsState.CLOSED && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(DtlsState.CLOSED, ends[1].transport.state());
        DtlsException afterClose = assertThrows(DtlsException.class, () -> ends[1].send("late"));
        assertEquals(DtlsException.Reason.CLOSED, afterClose.reason());
    }

    @Test
    void closingDuringTheHandshakeFailsItsFutureWithClosed() throws Exception {
        DtlsTransport waiting = new DtlsTransport(config(EC_B, EC_A).role(DtlsRole.SERVER).build(),
                (data, offset, length) -> { });
        CompletableFuture<DtlsConnectionInfo> future = waiting.start();
        Thread.sleep(50);
        waiting.close();
        assertEquals(DtlsException.Reason.CLOSED, failure(future).reason());
        assertEquals(DtlsState.CLOSED, waiting.state());
    }

    @Test
    void garbageAndForgedRecordsAreDroppedWithoutHarm() throws Exception {
        Endpoint[] ends = pair(config(EC_A, EC_B), config(EC_B, EC_A), new MemoryLink(21, 0));
        ends[1].transport.start();
        await(ends[0].transport.start());
        await(ends[1].transport.connected());
        java.util.Random random = new java.util.Random(99);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[1 + random.nextInt(300)];
            random.nextBytes(junk);
            if (i % 2 == 0 && junk.length > 13) {
                // A plausible application_data record header in the current epoch, with a random body.
                junk[0] = 23;
                junk[1] = (byte) 0xfe;
                junk[2] = (byte) 0xfd;
                junk[3] = 0;
                junk[4] = 1;
                int length = junk.length - 13;
                junk[11] = (byte) (length >> 8);
                junk[12] = (byte) length;
            }
            ends[1].transport.handleDatagram(junk, 0, junk.length);
        }
        assertEquals(DtlsState.CONNECTED, ends[1].transport.state(),
                () -> "failed: " + ends[1].transport.connected().handle((v, e) -> String.valueOf(e)).join()
                        + " / " + lastFailure(ends[1]));
        assertEquals(0, ends[1].transport.bytesReceived());
        ends[0].send("still here");
        assertEquals("still here", ends[1].received.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void sendRefusesRecordsLargerThanThePath() throws Exception {
        Endpoint[] ends = pair(config(EC_A, EC_B), config(EC_B, EC_A), new MemoryLink(22, 0));
        ends[1].transport.start();
        await(ends[0].transport.start());
        int max = ends[0].transport.maxApplicationDataSize();
        assertTrue(max > 1000 && max < 1200, "room for a 1200-byte MTU less the record overhead: " + max);
        assertThrows(IllegalArgumentException.class, () -> ends[0].transport.send(new byte[max + 1], 0, max + 1));
        ends[0].transport.send(new byte[max], 0, max);
    }

    @Test
    void aFullHandshakeExecutorRefusesWithRejected() throws Exception {
        ExecutorService one = DtlsHandshakeExecutors.newBounded(1, 0);
        try {
            DtlsTransport first = new DtlsTransport(config(EC_B, EC_A).role(DtlsRole.SERVER).build(),
                    (d, o, l) -> { }, one);
            DtlsTransport second = new DtlsTransport(config(EC_B, EC_A).role(DtlsRole.SERVER).build(),
                    (d, o, l) -> { }, one);
            toClose.add(first);
            toClose.add(second);
            first.start();
            assertEquals(DtlsException.Reason.REJECTED, failure(second.start()).reason());
        } finally {
            one.shutdownNow();
        }
    }

    private static String lastFailure(Endpoint e) {
        return e.states + " " + e.causes;
    }

    private static DtlsException failure(CompletableFuture<?> future) throws InterruptedException, TimeoutException {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
        return assertInstanceOf(DtlsException.class, e.getCause());
    }
}
