package dev.robusta.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.robusta.dtls.DtlsCertificate;
import dev.robusta.dtls.DtlsConfig;
import dev.robusta.dtls.DtlsConnectionInfo;
import dev.robusta.dtls.DtlsException;
import dev.robusta.dtls.DtlsFingerprint;
import dev.robusta.dtls.DtlsRole;
import dev.robusta.dtls.DtlsState;
import dev.robusta.dtls.DtlsTransport;
import dev.robusta.dtls.PacketKind;
import dev.robusta.dtls.srtp.SrtpException;
import dev.robusta.dtls.srtp.SrtpSession;
import dev.robusta.ice.IceAgentConfig;
import dev.robusta.ice.IceRole;
import dev.robusta.ice.netty.LocalSignalling;
import dev.robusta.ice.netty.NettyIceTransport;

/** Two of our DTLS transports over two of our ICE agents on loopback UDP, then SRTP with the keys they export. */
@Timeout(60)
class DtlsOverIceTest {
    private static final DtlsCertificate CERT_A = DtlsCertificate.generate();
    private static final DtlsCertificate CERT_B = DtlsCertificate.generate();

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /** Two connected ICE transports on 127.0.0.1. */
    private NettyIceTransport[] connectedIce() throws Exception {
        NettyIceTransport a = new NettyIceTransport(IceAgentConfig.builder().interfaceAddress("127.0.0.1").build());
        NettyIceTransport b = new NettyIceTransport(IceAgentConfig.builder().interfaceAddress("127.0.0.1").build());
        toClose.add(a);
        toClose.add(b);
        LocalSignalling.wire(a, b);
        a.gather();
        b.gather();
        CompletableFuture<?> ca = a.start(IceRole.CONTROLLING);
        CompletableFuture<?> cb = b.start(IceRole.CONTROLLED);
        ca.get(10, TimeUnit.SECONDS);
        cb.get(10, TimeUnit.SECONDS);
        return new NettyIceTransport[] {a, b};
    }

    /** A DTLS transport over an ICE transport: it sends on the selected pair and is fed its DTLS datagrams. */
    private DtlsTransport dtlsOver(NettyIceTransport ice, DtlsConfig config) {
        DtlsTransport dtls = new DtlsTransport(config,
                (data, offset, length) -> ice.send(ByteBuffer.wrap(data, offset, length)));
        ice.setDatagramListener((datagram, from) -> {
            if (PacketKind.of(datagram) == PacketKind.DTLS) {
                dtls.handleDatagram(datagram);
            }
        });
        toClose.add(dtls);
        return dtls;
    }

    @Test
    void handshakeVerifiesFingerprintsAndCarriesDataBothWays() throws Exception {
        NettyIceTransport[] ice = connectedIce();
        DtlsTransport client = dtlsOver(ice[0], DtlsConfig.builder().certificate(CERT_A).role(DtlsRole.CLIENT)
                .remoteFingerprint(CERT_B.fingerprint()).build());
        DtlsTransport server = dtlsOver(ice[1], DtlsConfig.builder().certificate(CERT_B).role(DtlsRole.SERVER)
                .remoteFingerprint(CERT_A.fingerprint()).build());
        BlockingQueue<String> atClient = new LinkedBlockingQueue<>();
        BlockingQueue<String> atServer = new LinkedBlockingQueue<>();
        client.setListener((d, o, l) -> atClient.add(new String(d, o, l, StandardCharsets.UTF_8)));
        server.setListener((d, o, l) -> atServer.add(new String(d, o, l, StandardCharsets.UTF_8)));
        server.start();
        DtlsConnectionInfo c = client.start().get(20, TimeUnit.SECONDS);
        DtlsConnectionInfo s = server.connected().get(20, TimeUnit.SECONDS);
        assertEquals(CERT_B.fingerprint(), c.remoteFingerprint());
        assertEquals(CERT_A.fingerprint(), s.remoteFingerprint());
        assertArrayEquals(c.srtpKeys().orElseThrow().localMasterKey(), s.srtpKeys().orElseThrow().remoteMasterKey());

        for (int i = 0; i < 200; i++) {
            byte[] up = ("up " + i).getBytes(StandardCharsets.UTF_8);
            byte[] down = ("down " + i).getBytes(StandardCharsets.UTF_8);
            client.send(up, 0, up.length);
            server.send(down, 0, down.length);
            if (i % 20 == 19) {
                Thread.sleep(5); // loopback drops bursts; real traffic is paced too
            }
        }
        for (int i = 0; i < 200; i++) {
            assertEquals("up " + i, atServer.poll(10, TimeUnit.SECONDS));
            assertEquals("down " + i, atClient.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void srtpKeysFromTheHandshakeProtectMediaBothWays() throws Exception {
        NettyIceTransport[] ice = connectedIce();
        DtlsTransport client = new DtlsTransport(DtlsConfig.builder().certificate(CERT_A).role(DtlsRole.CLIENT)
                .remoteFingerprint(CERT_B.fingerprint()).build(),
                (data, offset, length) -> ice[0].send(ByteBuffer.wrap(data, offset, length)));
        DtlsTransport server = new DtlsTransport(DtlsConfig.builder().certificate(CERT_B).role(DtlsRole.SERVER)
                .remoteFingerprint(CERT_A.fingerprint()).build(),
                (data, offset, length) -> ice[1].send(ByteBuffer.wrap(data, offset, length)));
        toClose.add(client);
        toClose.add(server);
        SrtpSession[] sessions = new SrtpSession[2];
        BlockingQueue<byte[]> rtpAtClient = new LinkedBlockingQueue<>();
        BlockingQueue<byte[]> rtpAtServer = new LinkedBlockingQueue<>();
        demux(ice[0], client, 0, sessions, rtpAtClient);
        demux(ice[1], server, 1, sessions, rtpAtServer);
        server.start();
        DtlsConnectionInfo c = client.start().get(20, TimeUnit.SECONDS);
        DtlsConnectionInfo s = server.connected().get(20, TimeUnit.SECONDS);
        SrtpSession clientSrtp = new SrtpSession(c.srtpKeys().orElseThrow());
        SrtpSession serverSrtp = new SrtpSession(s.srtpKeys().orElseThrow());
        sessions[0] = clientSrtp;
        sessions[1] = serverSrtp;

        for (int i = 0; i < 100; i++) {
            sendRtp(ice[0], clientSrtp, 0x11111111, i);
            sendRtp(ice[1], serverSrtp, 0x22222222, i);
            if (i % 20 == 19) {
                Thread.sleep(5);
            }
        }
        for (int i = 0; i < 100; i++) {
            assertArrayEquals(rtp(0x11111111, i), rtpAtServer.poll(10, TimeUnit.SECONDS), "packet " + i + " up");
            assertArrayEquals(rtp(0x22222222, i), rtpAtClient.poll(10, TimeUnit.SECONDS), "packet " + i + " down");
        }
    }

    /** DTLS to the transport; SRTP unprotected with the session once it exists, then queued. */
    private static void demux(NettyIceTransport ice, DtlsTransport dtls, int index, SrtpSession[] sessions,
                              BlockingQueue<byte[]> rtp) {
        ice.setDatagramListener((datagram, from) -> {
            PacketKind kind = PacketKind.of(datagram);
            if (kind == PacketKind.DTLS) {
                dtls.handleDatagram(datagram);
            } else if (kind == PacketKind.RTP && sessions[index] != null) {
                byte[] packet = new byte[datagram.remaining()];
                datagram.duplicate().get(packet);
                try {
                    int length = sessions[index].unprotectRtp(packet, 0, packet.length);
                    rtp.add(java.util.Arrays.copyOf(packet, length));
                } catch (SrtpException e) {
                    throw new AssertionError("SRTP refused a packet: " + e.getMessage(), e);
                }
            }
        });
    }

    private static void sendRtp(NettyIceTransport ice, SrtpSession srtp, int ssrc, int sequence) throws SrtpException {
        byte[] plain = rtp(ssrc, sequence);
        byte[] buffer = java.util.Arrays.copyOf(plain, plain.length + srtp.rtpOverhead());
        int length = srtp.protectRtp(buffer, 0, plain.length);
        ice.send(ByteBuffer.wrap(buffer, 0, length));
    }

    /** A 172-byte RTP packet (PCMU-sized payload) whose payload encodes its sequence number. */
    private static byte[] rtp(int ssrc, int sequence) {
        ByteBuffer b = ByteBuffer.allocate(12 + 160);
        b.put((byte) 0x80).put((byte) 0).putShort((short) (65_500 + sequence)).putInt(sequence * 160).putInt(ssrc);
        for (int i = 0; i < 160; i++) {
            b.put((byte) (sequence + i));
        }
        return b.array();
    }

    @Test
    void aWrongFingerprintFailsBothSidesWithinBoundedTime() throws Exception {
        NettyIceTransport[] ice = connectedIce();
        DtlsFingerprint wrong = DtlsCertificate.generate().fingerprint();
        DtlsTransport client = dtlsOver(ice[0], DtlsConfig.builder().certificate(CERT_A).role(DtlsRole.CLIENT)
                .remoteFingerprint(wrong).build());
        DtlsTransport server = dtlsOver(ice[1], DtlsConfig.builder().certificate(CERT_B).role(DtlsRole.SERVER)
                .remoteFingerprint(CERT_A.fingerprint()).build());
        server.start();
        long start = System.nanoTime();
        DtlsException failure = failure(client.start());
        assertEquals(DtlsException.Reason.FINGERPRINT_MISMATCH, failure.reason());
        assertTrue(failure.getMessage().contains(CERT_B.fingerprint().toSdpValue()), failure.getMessage());
        assertEquals(DtlsException.Reason.ALERT_RECEIVED, failure(server.connected()).reason());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "failed promptly");
        assertEquals(DtlsState.FAILED, client.state());
        assertEquals(0, server.bytesReceived());
    }

    @Test
    void aPeerWithoutDtlsFailsTheHandshakeWhenItTimesOut() throws Exception {
        NettyIceTransport[] ice = connectedIce();
        ice[1].setDatagramListener((datagram, from) -> { }); // ICE answers; nothing speaks DTLS
        DtlsTransport client = dtlsOver(ice[0], DtlsConfig.builder().certificate(CERT_A).role(DtlsRole.CLIENT)
                .remoteFingerprint(CERT_B.fingerprint()).handshakeTimeout(Duration.ofSeconds(3)).build());
        long start = System.nanoTime();
        assertEquals(DtlsException.Reason.HANDSHAKE_TIMEOUT, failure(client.start()).reason());
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsed >= 2_500 && elapsed < 10_000, "gave up after " + elapsed + " ms");
    }

    private static DtlsException failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
        return assertInstanceOf(DtlsException.class, e.getCause());
    }
}
