package dev.robusta.benchmarks.peer;

import dev.robusta.ice.IceAgentConfig;
import dev.robusta.peer.RTCConfiguration;
import dev.robusta.peer.RTCDataChannel;
import dev.robusta.peer.RTCIceCandidate;
import dev.robusta.peer.RTCPeerConnection;
import dev.robusta.peer.RTCPeerConnectionListener;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Two RTCPeerConnections in this JVM on 127.0.0.1 with trickle ICE: the time to a data channel open at both ends. */
final class JavaPeers {
    static final RTCConfiguration LOOPBACK = RTCConfiguration.defaults()
            .withIce(IceAgentConfig.builder().interfaceAddress("127.0.0.1").build());

    private final EventLoopGroup group;

    JavaPeers(EventLoopGroup group) {
        this.group = group;
    }

    /** One connection: a channel made first, then createOffer to the channel open at both ends, in ms. */
    double setupOnce() throws Exception {
        RTCPeerConnection a = new RTCPeerConnection(LOOPBACK, group, null);
        RTCPeerConnection b = new RTCPeerConnection(LOOPBACK, group, null);
        try {
            Trickle toB = new Trickle(b);
            Trickle toA = new Trickle(a);
            a.addListener(toB);
            b.addListener(toA);
            CompletableFuture<Void> aOpen = new CompletableFuture<>();
            CompletableFuture<Void> bOpen = new CompletableFuture<>();
            RTCDataChannel channel = a.createDataChannel("bench");
            channel.setListener(new RTCDataChannel.Listener() {
                @Override
                public void onOpen(RTCDataChannel c) {
                    aOpen.complete(null);
                }
            });
            b.addListener(new RTCPeerConnectionListener() {
                @Override
                public void onDataChannel(RTCDataChannel c) {
                    bOpen.complete(null); // announced by DCEP: open on arrival
                }
            });
            long t0 = System.nanoTime();
            a.setLocalDescription(a.createOffer().get()).get();
            b.setRemoteDescription(a.localDescription()).get();
            toB.ready();
            b.setLocalDescription(b.createAnswer().get()).get();
            a.setRemoteDescription(b.localDescription()).get();
            toA.ready();
            CompletableFuture.allOf(aOpen, bOpen).get(30, TimeUnit.SECONDS);
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            a.close();
            b.close();
        }
    }

    /** Passes candidates on once the receiving side has a remote description. */
    private static final class Trickle implements RTCPeerConnectionListener {
        private final RTCPeerConnection to;
        private final List<RTCIceCandidate> held = new ArrayList<>();
        private boolean ready;

        Trickle(RTCPeerConnection to) {
            this.to = to;
        }

        @Override
        public synchronized void onIceCandidate(RTCIceCandidate candidate) {
            if (ready) {
                to.addIceCandidate(candidate);
            } else {
                held.add(candidate);
            }
        }

        synchronized void ready() {
            ready = true;
            held.forEach(to::addIceCandidate);
            held.clear();
        }
    }
}
