package dev.robusta.demo;

import dev.robusta.ice.CandidatePair;
import dev.robusta.ice.IceAgentConfig;
import dev.robusta.ice.IceEvent;
import dev.robusta.ice.IceRole;
import dev.robusta.ice.IceTransport;
import dev.robusta.ice.netty.NettyIceTransport;
import io.netty.channel.EventLoopGroup;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Two Robusta ICE agents on loopback, wired to each other as signalling would (credentials and trickled
 * candidates passed directly): connects them, checks a datagram gets through each way, and measures the time.
 */
public final class IceLoopbackPair {
    /** What one connection gave. */
    public record Result(CandidatePair controllingPair, CandidatePair controlledPair, Duration connectTime) {}

    private IceLoopbackPair() {}

    /** The agent settings for the demo: loopback only, host candidates only. */
    public static IceAgentConfig loopbackConfig(boolean ipv6) {
        IceAgentConfig.Builder b = IceAgentConfig.builder().interfaceAddress("127.0.0.1");
        if (ipv6) {
            b.interfaceAddress("::1");
        }
        return b.build();
    }

    /**
     * Connects two fresh agents sharing {@code group}. The time runs from the start of gathering to both agents
     * having a selected pair (what an application waits for before it can send).
     */
    public static Result connectOnce(EventLoopGroup group, IceAgentConfig config) throws Exception {
        try (NettyIceTransport a = new NettyIceTransport(config, group);
             NettyIceTransport b = new NettyIceTransport(config, group)) {
            wire(a, b);
            wire(b, a);
            a.setRemoteCredentials(b.localCredentials().ufrag(), b.localCredentials().password());
            b.setRemoteCredentials(a.localCredentials().ufrag(), a.localCredentials().password());

            CompletableFuture<String> aGot = new CompletableFuture<>();
            CompletableFuture<String> bGot = new CompletableFuture<>();
            a.setDatagramListener((data, from) -> aGot.complete(StandardCharsets.UTF_8.decode(data).toString()));
            b.setDatagramListener((data, from) -> bGot.complete(StandardCharsets.UTF_8.decode(data).toString()));

            long start = System.nanoTime();
            CompletableFuture<CandidatePair> aConnected = a.start(IceRole.CONTROLLING);
            CompletableFuture<CandidatePair> bConnected = b.start(IceRole.CONTROLLED);
            a.gather();
            b.gather();
            CandidatePair pa = aConnected.get(10, TimeUnit.SECONDS);
            CandidatePair pb = bConnected.get(10, TimeUnit.SECONDS);
            long elapsed = System.nanoTime() - start;

            a.send(ByteBuffer.wrap("ping from controlling".getBytes(StandardCharsets.UTF_8)));
            b.send(ByteBuffer.wrap("ping from controlled".getBytes(StandardCharsets.UTF_8)));
            String atB = bGot.get(5, TimeUnit.SECONDS);
            String atA = aGot.get(5, TimeUnit.SECONDS);
            if (!atB.equals("ping from controlling") || !atA.equals("ping from controlled")) {
                throw new IllegalStateException("datagrams arrived altered: '" + atA + "', '" + atB + "'");
            }
            return new Result(pa, pb, Duration.ofNanos(elapsed));
        }
    }

    /** Trickles {@code from}'s candidates and end-of-candidates to {@code to}. */
    private static void wire(IceTransport from, IceTransport to) {
        from.addEventListener(e -> {
            if (e instanceof IceEvent.LocalCandidate c) {
                to.addRemoteCandidate(c.candidate());
            } else if (e instanceof IceEvent.GatheringStateChanged g
                    && g.state() == dev.robusta.ice.IceGatheringState.COMPLETE) {
                to.endOfRemoteCandidates();
            }
        });
    }
}
