package dev.robusta.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our AES-GCM record layer against Bouncy Castle's (the reference for the wire format), replay and forgery
 * handling, and sequence-number uniqueness across the hand-over from Bouncy Castle.
 */
@Timeout(60)
class AeadRecordLayerTest {
    private static final DtlsCertificate A = DtlsCertificate.generate();
    private static final DtlsCertificate B = DtlsCertificate.generate();

    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    /** One side, recording every datagram it sends before the link gets it. */
    private static final class Side {
        final DtlsTransport transport;
        final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        final List<byte[]> sent = new CopyOnWriteArrayList<>();

        Side(DtlsConfig config, DatagramSender link) {
            transport = new DtlsTransport(config, (data, offset, length) -> {
                sent.add(java.util.Arrays.copyOfRange(data, offset, offset + length));
                link.send(data, offset, length);
            });
            transport.setListener((data, offset, length) ->
                    received.add(java.util.Arrays.copyOfRange(data, offset, offset + length)));
        }
    }

    private Side[] connect(boolean clientOwn, boolean serverOwn) throws Exception {
        MemoryLink link = new MemoryLink(7, 0);
        Side client = new Side(DtlsConfig.builder().certificate(A).remoteFingerprint(B.fingerprint())
                .role(DtlsRole.CLIENT).ownRecordLayer(clientOwn).build(), link.senderA());
        Side server = new Side(DtlsConfig.builder().certificate(B).remoteFingerprint(A.fingerprint())
                .role(DtlsRole.SERVER).ownRecordLayer(serverOwn).build(), link.senderB());
        link.connect(client.transport::handleDatagram, server.transport::handleDatagram);
        toClose.add(link);
        toClose.add(client.transport);
        toClose.add(server.transport);
        server.transport.start();
        client.transport.start().get(30, TimeUnit.SECONDS);
        server.transport.connected().get(30, TimeUnit.SECONDS);
        return new Side[] {client, server};
    }

    @ParameterizedTest(name = "client own={0}, server own={1}")
    @CsvSource({"true, false", "false, true", "true, true"})
    void interoperatesWithBouncyCastlesRecordLayerBothWays(boolean clientOwn, boolean serverOwn) throws Exception {
        Side[] sides = connect(clientOwn, serverOwn);
        Random random = new Random(42);
        int max = sides[0].transport.maxApplicationDataSize();
        for (Side from : sides) {
            Side to = from == sides[0] ? sides[1] : sides[0];
            List<byte[]> messages = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                byte[] m = new byte[i == 0 ? 1 : i == 1 ? max : random.nextInt(max) + 1];
                random.nextBytes(m);
                messages.add(m);
                from.transport.send(m, 0, m.length);
            }
            for (byte[] m : messages) {
                byte[] got = to.received.poll(10, TimeUnit.SECONDS);
                assertArrayEquals(m, got);
            }
        }
        // close_notify written by Bouncy Castle after the hand-over (re-protected by our layer when it is ours).
        sides[0].transport.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sides[1].transport.state() != DtlsState.CLOSED && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(DtlsState.CLOSED, sides[1].transport.state(), "the peer saw close_notify");
    }

    @Test
    void noEpochOneSequenceNumberIsUsedTwiceAcrossTheHandOver() throws Exception {
        Side[] sides = connect(true, true);
        for (int i = 0; i < 50; i++) {
            byte[] m = {(byte) i};
            sides[0].transport.send(m, 0, 1);
            sides[1].transport.send(m, 0, 1);
        }
        for (int i = 0; i < 50; i++) {
            sides[0].received.poll(10, TimeUnit.SECONDS);
            sides[1].received.poll(10, TimeUnit.SECONDS);
        }
        sides[0].transport.close(); // a close_notify through the re-protection path
        for (Side side : sides) {
            Set<Long> seen = new HashSet<>();
            int epochOne = 0;
            for (byte[] d : side.sent) {
                for (int at = 0; at + 13 <= d.length; at += 13 + (((d[at + 11] & 0xff) << 8) | (d[at + 12] & 0xff))) {
                    if (((d[at + 3] & 0xff) << 8 | (d[at + 4] & 0xff)) == 1) {
                        epochOne++;
                        long seq = AeadRecordLayer.readUint48(d, at + 5);
                        assertTrue(seen.add(seq), "epoch-1 sequence number " + seq + " used twice");
                        assertArrayEquals(java.util.Arrays.copyOfRange(d, at + 3, at + 11),
                                java.util.Arrays.copyOfRange(d, at + 13, at + 21), "explicit nonce = epoch + seq");
                    }
                }
            }
            assertTrue(epochOne >= 51, "Finished and the data went out in epoch 1: " + epochOne);
        }
    }

    @Test
    void replayedAndForgedRecordsAreDroppedAndTheConnectionLives() throws Exception {
        Side[] sides = connect(true, true);
        byte[] m = "once".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        sides[0].transport.send(m, 0, m.length);
        assertArrayEquals(m, sides[1].received.poll(10, TimeUnit.SECONDS));
        byte[] record = sides[0].sent.get(sides[0].sent.size() - 1);
        long dropped = sides[1].transport.datagramsDropped();

        sides[1].transport.handleDatagram(ByteBuffer.wrap(record.clone())); // replay
        byte[] forged = record.clone();
        forged[forged.length - 20] ^= 1; // ciphertext bit flip
        sides[1].transport.handleDatagram(ByteBuffer.wrap(forged));
        byte[] renumbered = record.clone();
        renumbered[10] ^= 0x40; // a new sequence number in the header but not in the authenticated data
        sides[1].transport.handleDatagram(ByteBuffer.wrap(renumbered));
        sides[1].transport.handleDatagram(ByteBuffer.allocateDirect(record.length).put(record).flip()); // replay

        assertNull(sides[1].received.poll(200, TimeUnit.MILLISECONDS));
        assertEquals(dropped + 4, sides[1].transport.datagramsDropped());
        assertEquals(DtlsState.CONNECTED, sides[1].transport.state());
        sides[0].transport.send(m, 0, m.length);
        assertArrayEquals(m, sides[1].received.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void acceptsReorderedRecordsWithinTheWindowOnly() {
        byte[] key = new byte[16];
        byte[] salt = {1, 2, 3, 4};
        AeadRecordLayer writer = AeadRecordLayer.of(key, key, salt, salt);
        AeadRecordLayer reader = AeadRecordLayer.of(key, key, salt, salt);
        writer.startWritingAt(0);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            byte[] out = new byte[64];
            int n = writer.protect(AeadRecordLayer.APPLICATION_DATA, new byte[] {(byte) i}, 0, 1, out);
            records.add(java.util.Arrays.copyOf(out, n));
        }
        byte[] plain = new byte[64];
        assertEquals(1, open(reader, records.get(99), plain));
        assertEquals(99, plain[0]);
        assertEquals(1, open(reader, records.get(40), plain), "59 behind the newest: inside the window");
        assertEquals(40, plain[0]);
        assertEquals(-1, open(reader, records.get(40), plain), "a replay");
        assertEquals(-1, open(reader, records.get(35), plain), "64 behind: outside the window");
        assertEquals(1, open(reader, records.get(98), plain));
    }

    private static int open(AeadRecordLayer layer, byte[] record, byte[] out) {
        return layer.unprotect(record, 0, record.length, out);
    }
}
