package dev.robusta.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.Candidate;
import dev.robusta.ice.CandidatePair;
import dev.robusta.ice.CandidateType;
import dev.robusta.ice.IceAgentConfig;
import dev.robusta.ice.IceException;
import dev.robusta.ice.IceRole;
import dev.robusta.ice.IceServer;
import dev.robusta.ice.netty.LocalSignalling;
import dev.robusta.ice.netty.NettyIceTransport;
import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Both agents restricted to relay candidates through a real coturn on 127.0.0.1: data passes both ways. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CoturnRelayOnlyTest {
    private static CoturnServer coturn;
    private static NioEventLoopGroup group;

    @BeforeAll
    static void startCoturn() throws Exception {
        coturn = CoturnServer.start();
        group = new NioEventLoopGroup(2);
    }

    @AfterAll
    static void stopCoturn() throws Exception {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        if (coturn != null) {
            coturn.close();
        }
    }

    private static IceAgentConfig relayOnly(String password) {
        return IceAgentConfig.builder().interfaceAddress("127.0.0.1")
                .iceServer(IceServer.turn(coturn.turnUri(), CoturnServer.USER, password))
                .candidatePolicy(IceAgentConfig.CandidatePolicy.RELAY_ONLY).build();
    }

    @Test
    void relayOnlyAgentsConnectThroughCoturnAndDataPassesBothWays() throws Exception {
        try (NettyIceTransport a = new NettyIceTransport(relayOnly(CoturnServer.PASSWORD), group);
             NettyIceTransport b = new NettyIceTransport(relayOnly(CoturnServer.PASSWORD), group)) {
            LocalSignalling.wire(a, b);
            Map<Integer, byte[]> atA = new ConcurrentHashMap<>();
            Map<Integer, byte[]> atB = new ConcurrentHashMap<>();
            a.setDatagramListener((data, from) -> record(atA, data));
            b.setDatagramListener((data, from) -> record(atB, data));
            CompletableFuture<CandidatePair> aConnected = a.start(IceRole.CONTROLLING);
            CompletableFuture<CandidatePair> bConnected = b.start(IceRole.CONTROLLED);
            List<Candidate> aCandidates = a.gather().get(20, TimeUnit.SECONDS);
            List<Candidate> bCandidates = b.gather().get(20, TimeUnit.SECONDS);
            for (Candidate c : concat(aCandidates, bCandidates)) {
                assertEquals(CandidateType.RELAY, c.type(), "relay-only offers relay candidates only: " + c);
                int port = c.address().getPort();
                assertTrue(port >= coturn.minRelayPort && port <= coturn.maxRelayPort, "a port coturn relays: " + c);
            }
            assertEquals(1, aCandidates.size());
            assertEquals(1, bCandidates.size());

            CandidatePair pa = aConnected.get(20, TimeUnit.SECONDS);
            CandidatePair pb = bConnected.get(20, TimeUnit.SECONDS);
            assertEquals(CandidateType.RELAY, pa.local().type());
            assertEquals(CandidateType.RELAY, pa.remote().type());
            assertEquals(pa.local().address(), pb.remote().address());
            assertEquals(pb.local().address(), pa.remote().address());

            // Paced, numbered, distinct payloads (first byte 23 as DTLS would have): all must arrive intact.
            int count = 300;
            for (int i = 0; i < count; i++) {
                assertTrue(a.send(ByteBuffer.wrap(payload(i, 'a'))));
                assertTrue(b.send(ByteBuffer.wrap(payload(i, 'b'))));
                if (i % 20 == 19) {
                    Thread.sleep(5);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((atA.size() < count || atB.size() < count) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(atA.size() >= count * 0.99 && atB.size() >= count * 0.99,
                    "received " + atA.size() + " and " + atB.size() + " of " + count + " over loopback");
            atB.forEach((i, p) -> assertArrayEquals(payload(i, 'a'), p, "payload " + i + " intact"));
            atA.forEach((i, p) -> assertArrayEquals(payload(i, 'b'), p, "payload " + i + " intact"));
        }
    }

    @Test
    void wrongCredentialsGiveNoRelayCandidateAndIceFailsCleanly() throws Exception {
        try (NettyIceTransport a = new NettyIceTransport(relayOnly("not-the-password"), group);
             NettyIceTransport b = new NettyIceTransport(relayOnly("not-the-password"), group)) {
            LocalSignalling.wire(a, b);
            CompletableFuture<CandidatePair> aConnected = a.start(IceRole.CONTROLLING);
            assertTrue(a.gather().get(20, TimeUnit.SECONDS).isEmpty(), "no relay candidate");
            assertTrue(b.gather().get(20, TimeUnit.SECONDS).isEmpty());
            ExecutionException e = assertThrows(ExecutionException.class, () -> aConnected.get(20, TimeUnit.SECONDS));
            assertInstanceOf(IceException.class, e.getCause());
            assertFalse(a.send(ByteBuffer.wrap(new byte[] {23})));
        }
    }

    private static void record(Map<Integer, byte[]> into, ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        into.put(((copy[1] & 0xFF) << 8) | (copy[2] & 0xFF), copy);
    }

    private static byte[] payload(int i, char side) {
        byte[] p = new byte[100 + (i * 37) % 1100];
        p[0] = 23;
        p[1] = (byte) (i >>> 8);
        p[2] = (byte) i;
        for (int k = 3; k < p.length; k++) {
            p[k] = (byte) (side + i * 31 + k);
        }
        return p;
    }

    private static List<Candidate> concat(List<Candidate> x, List<Candidate> y) {
        return java.util.stream.Stream.concat(x.stream(), y.stream()).toList();
    }
}
