package dev.robusta.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.Candidate;
import dev.robusta.ice.CandidatePair;
import dev.robusta.ice.CandidateType;
import dev.robusta.ice.IceAgentConfig;
import dev.robusta.ice.IceRole;
import dev.robusta.ice.netty.NettyIceTransport;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our agent against jitsi's ice4j (another implementation of RFC 5245/8445) on 127.0.0.1, in both roles: they
 * connect, agree on the pair, and datagrams pass both ways over it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Ice4jInteropTest {

    /** ice4j with one host candidate on 127.0.0.1 (its own harvester skips loopback interfaces). */
    private static final class Ice4jPeer implements AutoCloseable {
        final Agent agent = new Agent();
        final IceMediaStream stream;
        final Component component;
        final HostCandidate host;

        Ice4jPeer(boolean controlling) throws Exception {
            agent.setUseDynamicPorts(false); // no harvesting on the machine's interfaces
            agent.setControlling(controlling);
            stream = agent.createMediaStream("data");
            component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
            IceSocketWrapper socket = new IceUdpSocketWrapper(
                    new MultiplexingDatagramSocket(0, InetAddress.getByName("127.0.0.1")));
            host = new HostCandidate(socket, component, Transport.UDP);
            component.addLocalCandidate(host);
            host.getStunStack().addSocket(host.getStunSocket(null));
        }

        Candidate candidateForUs() {
            TransportAddress a = host.getTransportAddress();
            return new Candidate(host.getFoundation(), 1, "udp", host.getPriority(),
                    new InetSocketAddress(a.getAddress(), a.getPort()), CandidateType.HOST, null);
        }

        void addRemote(Candidate c) {
            component.addRemoteCandidate(new RemoteCandidate(
                    new TransportAddress(c.address().getAddress(), c.address().getPort(), Transport.UDP), component,
                    org.ice4j.ice.CandidateType.HOST_CANDIDATE, c.foundation(), c.priority(), null));
        }

        @Override
        public void close() {
            agent.free();
        }
    }

    @ParameterizedTest(name = "Robusta {0}")
    @ValueSource(strings = {"CONTROLLING", "CONTROLLED"})
    void connectsAndCarriesDataBothWays(IceRole ourRole) throws Exception {
        IceAgentConfig config = IceAgentConfig.builder().interfaceAddress("127.0.0.1").build();
        try (NettyIceTransport ours = new NettyIceTransport(config);
             Ice4jPeer theirs = new Ice4jPeer(ourRole == IceRole.CONTROLLED)) {
            List<Candidate> ourCandidates = ours.gather().get(10, TimeUnit.SECONDS);
            assertEquals(1, ourCandidates.size());
            // Offer/answer by hand: credentials and candidates both ways (ice4j is not trickling).
            theirs.stream.setRemoteUfrag(ours.localCredentials().ufrag());
            theirs.stream.setRemotePassword(ours.localCredentials().password());
            theirs.addRemote(ourCandidates.get(0));
            ours.setRemoteCredentials(theirs.agent.getLocalUfrag(), theirs.agent.getLocalPassword());
            ours.addRemoteCandidate(theirs.candidateForUs());
            ours.endOfRemoteCandidates();

            Set<String> atUs = ConcurrentHashMap.newKeySet();
            ours.setDatagramListener((data, from) -> atUs.add(StandardCharsets.UTF_8.decode(data).toString()));
            CompletableFuture<IceProcessingState> theirsDone = new CompletableFuture<>();
            theirs.agent.addStateChangeListener(e -> {
                IceProcessingState s = (IceProcessingState) e.getNewValue();
                if (s == IceProcessingState.COMPLETED || s == IceProcessingState.FAILED
                        || s == IceProcessingState.TERMINATED) {
                    theirsDone.complete(s);
                }
            });
            CompletableFuture<CandidatePair> oursConnected = ours.start(ourRole);
            theirs.agent.startConnectivityEstablishment();

            CandidatePair pair = oursConnected.get(20, TimeUnit.SECONDS);
            IceProcessingState theirState = theirsDone.get(20, TimeUnit.SECONDS);
            assertTrue(theirState == IceProcessingState.COMPLETED || theirState == IceProcessingState.TERMINATED,
                    "ice4j finished in " + theirState);
            org.ice4j.ice.CandidatePair theirPair = theirs.component.getSelectedPair();
            assertNotNull(theirPair, "ice4j selected a pair");
            // Both sides use the same two transport addresses.
            assertEquals(pair.local().address().getPort(), theirPair.getRemoteCandidate().getTransportAddress().getPort());
            assertEquals(pair.remote().address().getPort(), theirPair.getLocalCandidate().getTransportAddress().getPort());
            assertEquals(ourRole, ours.role(), "no role conflict: roles were complementary");

            // Data: ours -> ice4j, read from the pair's socket (ice4j keeps STUN to itself).
            IceSocketWrapper theirSocket = theirPair.getIceSocketWrapper();
            int count = 50;
            for (int i = 0; i < count; i++) {
                assertTrue(ours.send(ByteBuffer.wrap(("\u0017robusta->ice4j " + i).getBytes(StandardCharsets.UTF_8))));
            }
            Set<String> atThem = ConcurrentHashMap.newKeySet();
            byte[] buf = new byte[1500];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            theirSocket.getUDPSocket().setSoTimeout(200);
            while (atThem.size() < count && System.nanoTime() < deadline) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    theirSocket.receive(p);
                    atThem.add(new String(p.getData(), p.getOffset(), p.getLength(), StandardCharsets.UTF_8));
                } catch (SocketTimeoutException notYet) {
                    // keep waiting until the deadline
                }
            }
            // ice4j -> ours, on the pair's address.
            TransportAddress ourAddress = theirPair.getRemoteCandidate().getTransportAddress();
            for (int i = 0; i < count; i++) {
                byte[] m = ("\u0017ice4j->robusta " + i).getBytes(StandardCharsets.UTF_8);
                theirSocket.send(new DatagramPacket(m, m.length, ourAddress));
            }
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (atUs.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(count, atThem.size(), "datagrams ice4j received from us");
            assertEquals(count, atUs.size(), "datagrams we received from ice4j");
            for (int i = 0; i < count; i++) {
                assertTrue(atThem.contains("\u0017robusta->ice4j " + i));
                assertTrue(atUs.contains("\u0017ice4j->robusta " + i));
            }
        }
    }
}
