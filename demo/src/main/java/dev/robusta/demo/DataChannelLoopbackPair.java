package dev.robusta.demo;

import dev.robusta.dtls.DtlsCertificate;
import dev.robusta.dtls.DtlsConfig;
import dev.robusta.dtls.DtlsException;
import dev.robusta.dtls.DtlsRole;
import dev.robusta.dtls.DtlsTransport;
import dev.robusta.ice.IceAgentConfig;
import dev.robusta.ice.IceEvent;
import dev.robusta.ice.IceGatheringState;
import dev.robusta.ice.IceRole;
import dev.robusta.ice.IceTransport;
import dev.robusta.ice.netty.NettyIceTransport;
import dev.robusta.sctp.SctpConfig;
import dev.robusta.sctp.SctpTransport;
import dev.robusta.sctp.SctpTransportListener;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two data-channel endpoints on loopback, each the real stack below a peer connection: our SCTP over our DTLS
 * over our ICE (Netty UDP), wired by hand as {@code RTCPeerConnection} wires them. Each side's SCTP transport is driven on its ICE
 * transport's event loop: DTLS decrypts on that loop and SCTP handles the record there, with no copy and no
 * hand-off; application calls from other threads reach the loop through the SCTP transport's wakeup.
 */
public final class DataChannelLoopbackPair implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataChannelLoopbackPair.class);
    /** DTLS 1.2 with AES-GCM adds 13 (header) + 8 (explicit nonce) + 16 (tag) bytes to each record. */
    private static final int DTLS_OVERHEAD = 37;
    private static final int DATAGRAM_MTU = 1200;

    /** One endpoint: ICE, DTLS and SCTP, driven on the ICE transport's event loop. */
    public static final class Side {
        private final NettyIceTransport ice;
        private final DtlsTransport dtls;
        private final SctpTransport sctp;
        private final EventLoop loop;
        private ScheduledFuture<?> timer;
        private long timerAt = Long.MAX_VALUE;
        private volatile boolean closed;
        private boolean inputSinceFlush; // loop only

        Side(IceAgentConfig iceConfig, EventLoopGroup group, DtlsConfig dtlsConfig, SctpConfig sctpConfig,
             boolean dtlsClient) {
            ice = new NettyIceTransport(iceConfig, group);
            loop = ice.eventLoop();
            dtls = new DtlsTransport(dtlsConfig, (data, off, len) -> ice.send(ByteBuffer.wrap(data, off, len)));
            sctp = new SctpTransport(sctpConfig.withMtu(DATAGRAM_MTU - DTLS_OVERHEAD), dtlsClient,
                    new SecureRandom(), () -> loop.execute(this::flush));
            ice.setDatagramListener(new IceTransport.DatagramListener() {
                @Override
                public void onDatagram(ByteBuffer data, java.net.InetSocketAddress from) {
                    dtls.handleDatagram(data);
                }

                @Override
                public void onBatchEnd() {
                    // SCTP answers a whole burst at once: one SACK (and one round of sending) per burst.
                    if (inputSinceFlush) {
                        flush();
                    }
                }
            });
            dtls.setListener((data, off, len) -> {
                if (loop.inEventLoop()) {
                    sctp.handleInput(data, off, len, System.nanoTime());
                    inputSinceFlush = true;
                } else {
                    // Data that came with the handshake's last flight, on the handshake thread: copied over.
                    byte[] copy = java.util.Arrays.copyOfRange(data, off, off + len);
                    loop.execute(() -> {
                        sctp.handleInput(copy, 0, copy.length, System.nanoTime());
                        flush();
                    });
                }
            });
        }

        public SctpTransport sctp() {
            return sctp;
        }

        public NettyIceTransport ice() {
            return ice;
        }

        public DtlsTransport dtls() {
            return dtls;
        }

        /** On the loop: runs queued calls, sends what SCTP has, keeps one timer at its deadline. */
        private void flush() {
            if (closed) {
                return;
            }
            inputSinceFlush = false;
            long now = System.nanoTime();
            sctp.runPendingCalls(now);
            ByteBuffer p;
            while ((p = sctp.pollTransmit(now)) != null) {
                try {
                    dtls.send(p.array(), p.arrayOffset() + p.position(), p.remaining());
                } catch (DtlsException e) {
                    LOG.debug("SCTP packet not sent: {}", e.getMessage());
                }
            }
            // The deadline moves with nearly every packet (T3-rtx restarts on each SACK). Rescheduling a Netty
            // timer each time costs a task and a priority-queue removal, so the timer is only moved earlier; one
            // that fires early finds nothing due and is set again for the current deadline.
            long deadline = sctp.nextDeadline();
            if (deadline != Long.MAX_VALUE && deadline < timerAt) {
                if (timer != null) {
                    timer.cancel(false);
                }
                timerAt = deadline;
                timer = loop.schedule(this::onTimer, Math.max(0, deadline - now), TimeUnit.NANOSECONDS);
            }
        }

        private void onTimer() {
            timerAt = Long.MAX_VALUE;
            timer = null;
            sctp.handleTimeout(System.nanoTime());
            flush();
        }

        void startSctp() {
            loop.execute(() -> {
                sctp.start(System.nanoTime());
                flush();
            });
        }

        void close() {
            closed = true;
            loop.execute(() -> {
                if (timer != null) {
                    timer.cancel(false);
                }
            });
            dtls.close();
            ice.close();
        }
    }

    private final Side a;
    private final Side b;

    private DataChannelLoopbackPair(Side a, Side b) {
        this.a = a;
        this.b = b;
    }

    /** The DTLS client side (ICE controlling; opens even stream ids). */
    public Side a() {
        return a;
    }

    /** The DTLS server side (odd stream ids). */
    public Side b() {
        return b;
    }

    /**
     * Connects ICE, then DTLS, then SCTP on loopback; the listeners are set before anything can arrive.
     * Returns once both SCTP associations are established.
     */
    public static DataChannelLoopbackPair connect(EventLoopGroup group, SctpConfig config,
                                                  SctpTransportListener listenerA, SctpTransportListener listenerB)
            throws Exception {
        IceAgentConfig iceConfig = IceLoopbackPair.loopbackConfig(false);
        DtlsCertificate certA = DtlsCertificate.generate();
        DtlsCertificate certB = DtlsCertificate.generate();
        Side a = new Side(iceConfig, group, DtlsConfig.builder().certificate(certA).role(DtlsRole.CLIENT)
                .remoteFingerprint(certB.fingerprint()).mtu(DATAGRAM_MTU).build(), config, true);
        Side b = new Side(iceConfig, group, DtlsConfig.builder().certificate(certB).role(DtlsRole.SERVER)
                .remoteFingerprint(certA.fingerprint()).mtu(DATAGRAM_MTU).build(), config, false);
        DataChannelLoopbackPair pair = new DataChannelLoopbackPair(a, b);
        try {
            CompletableFuture<Void> connected = new CompletableFuture<>();
            int[] up = {0};
            a.sctp.setListener(forward(listenerA, () -> countUp(up, connected)));
            b.sctp.setListener(forward(listenerB, () -> countUp(up, connected)));
            wire(a.ice, b.ice);
            wire(b.ice, a.ice);
            a.ice.setRemoteCredentials(b.ice.localCredentials().ufrag(), b.ice.localCredentials().password());
            b.ice.setRemoteCredentials(a.ice.localCredentials().ufrag(), a.ice.localCredentials().password());
            CompletableFuture<?> iceA = a.ice.start(IceRole.CONTROLLING);
            CompletableFuture<?> iceB = b.ice.start(IceRole.CONTROLLED);
            a.ice.gather();
            b.ice.gather();
            iceA.get(10, TimeUnit.SECONDS);
            iceB.get(10, TimeUnit.SECONDS);
            CompletableFuture<?> dtlsB = b.dtls.start();
            CompletableFuture<?> dtlsA = a.dtls.start();
            dtlsA.get(20, TimeUnit.SECONDS);
            dtlsB.get(20, TimeUnit.SECONDS);
            a.startSctp();
            b.startSctp();
            connected.get(20, TimeUnit.SECONDS);
            return pair;
        } catch (Exception e) {
            pair.close();
            throw e;
        }
    }

    private static synchronized void countUp(int[] up, CompletableFuture<Void> done) {
        if (++up[0] == 2) {
            done.complete(null);
        }
    }

    private static SctpTransportListener forward(SctpTransportListener to, Runnable onConnected) {
        return new SctpTransportListener() {
            @Override
            public void onDataChannel(dev.robusta.sctp.DataChannel channel) {
                to.onDataChannel(channel);
            }

            @Override
            public void onConnected() {
                to.onConnected();
                onConnected.run();
            }

            @Override
            public void onClosed(String reason, boolean error) {
                to.onClosed(reason, error);
            }
        };
    }

    private static void wire(IceTransport from, IceTransport to) {
        from.addEventListener(e -> {
            if (e instanceof IceEvent.LocalCandidate c) {
                to.addRemoteCandidate(c.candidate());
            } else if (e instanceof IceEvent.GatheringStateChanged g && g.state() == IceGatheringState.COMPLETE) {
                to.endOfRemoteCandidates();
            }
        });
    }

    @Override
    public void close() {
        a.close();
        b.close();
    }
}
