package dev.robusta.sctp;

import dev.robusta.sctp.sim.LinkConditions;
import dev.robusta.sctp.sim.SimNetwork;
import dev.robusta.sctp.sim.TransportEndpoint;
import java.util.ArrayList;
import java.util.List;

/** Two transports (A the DTLS client, B the server) over a simulated network, both started. */
final class ChannelPair {
    final TransportEndpoint a;
    final TransportEndpoint b;
    final SimNetwork net;
    final List<DataChannel> openedAtA = new ArrayList<>();
    final List<DataChannel> openedAtB = new ArrayList<>();

    ChannelPair(SctpConfig config, LinkConditions conditions, long seed) {
        a = new TransportEndpoint(config, true, seed * 31 + 1);
        b = new TransportEndpoint(config, false, seed * 31 + 2);
        net = new SimNetwork(a, b, conditions, conditions, seed);
        a.transport().setListener(new SctpTransportListener() {
            @Override
            public void onDataChannel(DataChannel channel) {
                openedAtA.add(channel);
            }
        });
        b.transport().setListener(new SctpTransportListener() {
            @Override
            public void onDataChannel(DataChannel channel) {
                openedAtB.add(channel);
            }
        });
        a.transport().start(net.now());
        b.transport().start(net.now());
    }

    boolean connect() {
        return net.runUntil(() -> a.transport().isConnected() && b.transport().isConnected(), 60_000_000_000L);
    }
}
