package dev.robusta.benchmarks.peer;

import dev.robusta.ice.IceAgentConfig;
import dev.robusta.peer.RTCConfiguration;
import dev.robusta.peer.RTCDataChannel;
import dev.robusta.peer.RTCIceCandidate;
import dev.robusta.peer.RTCPeerConnection;
import dev.robusta.peer.RTCPeerConnectionListener;
import io.netty.channel.EventLoopGroup;
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
            Held<RTCIceCandidate> toB = new Held<>(b::addIceCandidate);
            Held<RTCIceCandidate> toA = new Held<>(a::addIceCandidate);
            a.addListener(new RTCPeerConnectionListener() {
                @Override
                public void onIceCandidate(RTCIceCandidate candidate) {
                    toB.offer(candidate);
                }
            });
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
                public void onIceCandidate(RTCIceCandidate candidate) {
                    toA.offer(candidate);
                }

                @Override
                public void onDataChannel(RTCDataChannel c) {
                    bOpen.complete(null); // announced by DCEP: open on arrival
                }
            });
            long t0 = System.nanoTime();
            a.setLocalDescription(a.createOffer().get()).get();
            b.setRemoteDescription(a.localDescription()).get();
            toB.release();
            b.setLocalDescription(b.createAnswer().get()).get();
            a.setRemoteDescription(b.localDescription()).get();
            toA.release();
            CompletableFuture.allOf(aOpen, bOpen).get(30, TimeUnit.SECONDS);
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            a.close();
            b.close();
        }
    }
}
