package dev.robusta.ice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.IceAgentConfig;
import dev.robusta.ice.IceRole;
import dev.robusta.ice.sim.SimulatedAgent;
import dev.robusta.ice.sim.SimulatedNetwork;
import dev.robusta.ice.stun.StunClass;
import dev.robusta.ice.stun.StunMessage;
import dev.robusta.ice.stun.StunMethod;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keepalives on the selected pair (RFC 8445 section 11): only when nothing else was sent on it for Tr. */
class IceKeepaliveTest {
    private static final InetSocketAddress A = SimulatedAgent.v4(1, 5000);
    private static final InetSocketAddress B = SimulatedAgent.v4(2, 6000);

    /** Times (virtual, ns) at which A sent Binding messages of this class (any class when null) to B. */
    private static List<Long> run(IceAgentConfig config, StunClass cls, Duration watch) {
        SimulatedNetwork net = new SimulatedNetwork(3);
        SimulatedAgent a = new SimulatedAgent(net, "A", config, 1, List.of(A));
        SimulatedAgent b = new SimulatedAgent(net, "B", config, 2, List.of(B));
        SimulatedAgent.introduce(a, b, Duration.ofMillis(5));
        a.start(IceRole.CONTROLLING);
        b.start(IceRole.CONTROLLED);
        assertTrue(net.runUntil(() -> a.isConnected() && b.isConnected(), Duration.ofSeconds(10)));
        List<Long> times = new ArrayList<>();
        long from = net.now();
        net.addObserver(new SimulatedNetwork.Observer() {
            @Override
            public void sent(long now, InetSocketAddress source, InetSocketAddress destination, byte[] data,
                             SimulatedNetwork.Fate fate) {
                if (!source.equals(A) || !destination.equals(B) || (data[0] & 0xC0) != 0) {
                    return;
                }
                try {
                    StunMessage m = StunMessage.parse(data);
                    if ((cls == null || m.messageClass() == cls) && m.method() == StunMethod.BINDING) {
                        times.add(now - from);
                    }
                } catch (dev.robusta.ice.stun.StunException e) {
                    throw new AssertionError(e);
                }
            }
        });
        net.runFor(watch);
        return times;
    }

    @Test
    void consentChecksMakeKeepalivesUnnecessary() {
        IceAgentConfig config = IceAgentConfig.builder().build();
        assertEquals(List.of(), run(config, StunClass.INDICATION, Duration.ofSeconds(60)));
        assertTrue(run(config, StunClass.REQUEST, Duration.ofSeconds(60)).size() >= 10, "consent every 4-6 s");
    }

    @Test
    void keepalivesFillLongGapsBetweenConsentChecks() {
        IceAgentConfig config = IceAgentConfig.builder().consentInterval(Duration.ofSeconds(25))
                .consentExpiry(Duration.ofSeconds(120)).keepaliveInterval(Duration.ofSeconds(3)).build();
        assertTrue(run(config, StunClass.INDICATION, Duration.ofSeconds(60)).size() >= 10, "keepalive indications");
        // Whatever goes out (keepalive or consent check), the pair never stays silent longer than Tr.
        List<Long> all = run(config, null, Duration.ofSeconds(60));
        for (int i = 1; i < all.size(); i++) {
            long gap = all.get(i) - all.get(i - 1);
            assertTrue(gap <= 3_000_000_000L, "silent for " + gap / 1_000_000 + " ms");
        }
    }
}
