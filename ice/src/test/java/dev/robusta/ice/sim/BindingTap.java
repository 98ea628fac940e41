package dev.robusta.ice.sim;

import dev.robusta.ice.stun.StunClass;
import dev.robusta.ice.stun.StunException;
import dev.robusta.ice.stun.StunMessage;
import dev.robusta.ice.stun.StunMethod;
import dev.robusta.ice.stun.TransactionId;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Watches the STUN Binding traffic of one agent on a {@link SimulatedNetwork}: the requests it sends (first
 * transmission of each transaction) and the success responses it receives (first copy of each), with their virtual
 * times. Consent and check timing can then be judged from the wire rather than from the agent's own word.
 */
public final class BindingTap implements SimulatedNetwork.Observer {
    /** A request the agent sent, and when (if ever) the first success response reached it. */
    public static final class Exchange {
        public final TransactionId id;
        public final long sentAtNanos;
        public final InetSocketAddress source;
        public final InetSocketAddress destination;
        public final boolean useCandidate;
        public long answeredAtNanos = -1;

        Exchange(TransactionId id, long sentAtNanos, InetSocketAddress source, InetSocketAddress destination,
                 boolean useCandidate) {
            this.id = id;
            this.sentAtNanos = sentAtNanos;
            this.source = source;
            this.destination = destination;
            this.useCandidate = useCandidate;
        }

        public boolean answered() {
            return answeredAtNanos >= 0;
        }

        @Override
        public String toString() {
            return VirtualClock.format(sentAtNanos) + " " + source + " -> " + destination
                    + (answered() ? " answered " + VirtualClock.format(answeredAtNanos) : " unanswered");
        }
    }

    private final Set<InetSocketAddress> sockets;
    private final Map<TransactionId, Exchange> exchanges = new LinkedHashMap<>();

    /** Taps the agent owning these sockets. */
    public BindingTap(Collection<InetSocketAddress> sockets) {
        this.sockets = Set.copyOf(sockets);
    }

    public static BindingTap attach(SimulatedAgent agent) {
        BindingTap tap = new BindingTap(agent.sockets());
        agent.network().addObserver(tap);
        return tap;
    }

    @Override
    public void sent(long now, InetSocketAddress source, InetSocketAddress destination, byte[] data,
                     SimulatedNetwork.Fate fate) {
        if (!sockets.contains(source)) {
            return;
        }
        StunMessage m = parse(data);
        if (m != null && m.is(StunClass.REQUEST, StunMethod.BINDING)) {
            TransactionId id = m.transactionId();
            exchanges.putIfAbsent(id, new Exchange(id, now, source, destination,
                    m.has(dev.robusta.ice.stun.StunAttributes.USE_CANDIDATE)));
        }
    }

    @Override
    public void delivered(long now, SimulatedNetwork.Datagram d) {
        if (!sockets.contains(d.destination())) {
            return;
        }
        StunMessage m = parse(d.data());
        if (m != null && m.is(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING)) {
            Exchange e = exchanges.get(m.transactionId());
            if (e != null && !e.answered() && d.source().equals(e.destination)) {
                e.answeredAtNanos = now;
            }
        }
    }

    private static StunMessage parse(byte[] data) {
        if (!StunMessage.looksLikeStun(data, 0, data.length)) {
            return null;
        }
        try {
            return StunMessage.parse(data);
        } catch (StunException e) {
            return null;
        }
    }

    public List<Exchange> exchanges() {
        return new ArrayList<>(exchanges.values());
    }

    /** Time of the last first-copy success response received, or -1. */
    public long lastAnswerAt() {
        long t = -1;
        for (Exchange e : exchanges.values()) {
            t = Math.max(t, e.answeredAtNanos);
        }
        return t;
    }

    /** Time of the first request sent at or after {@code sinceNanos} that was never answered, or -1. */
    public long firstUnansweredSince(long sinceNanos) {
        long t = -1;
        for (Exchange e : exchanges.values()) {
            if (!e.answered() && e.sentAtNanos >= sinceNanos && (t < 0 || e.sentAtNanos < t)) {
                t = e.sentAtNanos;
            }
        }
        return t;
    }

    /** Requests sent at or after {@code sinceNanos}. */
    public int requestsSince(long sinceNanos) {
        int n = 0;
        for (Exchange e : exchanges.values()) {
            if (e.sentAtNanos >= sinceNanos) {
                n++;
            }
        }
        return n;
    }
}
