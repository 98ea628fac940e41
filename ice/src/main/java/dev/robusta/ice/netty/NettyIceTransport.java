package dev.robusta.ice.netty;

import dev.robusta.ice.Candidate;
import dev.robusta.ice.CandidatePair;
import dev.robusta.ice.CandidatePairStats;
import dev.robusta.ice.IceAgentConfig;
import dev.robusta.ice.IceConnectionState;
import dev.robusta.ice.IceCredentials;
import dev.robusta.ice.IceEvent;
import dev.robusta.ice.IceException;
import dev.robusta.ice.IceGatheringState;
import dev.robusta.ice.IceRole;
import dev.robusta.ice.IceServer;
import dev.robusta.ice.IceTransport;
import dev.robusta.ice.core.IceAgentCore;
import dev.robusta.ice.core.ReceivedData;
import dev.robusta.ice.core.Transmit;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link IceTransport} over Netty NIO UDP sockets (no native transport needed): one {@link IceAgentCore} driven on
 * one event loop. Many transports can share one {@link EventLoopGroup}; each stays on the loop it was given, so
 * its state needs no locks.
 */
public final class NettyIceTransport implements IceTransport {
    private static final Logger LOG = LoggerFactory.getLogger(NettyIceTransport.class);
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final int MAX_DATAGRAM = 65536;
    /** Datagrams kept while ICE has no route yet: a DTLS flight or two (see {@link #mayHoldForFirstRoute}). */
    private static final int MAX_HELD_FOR_FIRST_ROUTE = 32;
    /** Datagrams kept for a listener not yet set (see {@link #deliverEarlyDatagrams}). */
    private static final int MAX_EARLY_DATAGRAMS = 32;
    /**
     * Requested socket buffer sizes. A data channel's sender may have the whole receive window we advertise in
     * flight (SCTP caps it at 512 KiB by default, an eighth of this); a receive buffer smaller than that drops
     * datagrams whenever the receiving loop falls behind for a moment, and every drop halves SCTP's congestion
     * window. Linux caps the request at net.core.rmem_max / wmem_max (4 MiB on Debian 12 by default) and doubles
     * it for bookkeeping.
     */
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;

    private final IceAgentConfig config;
    private final EventLoop loop;
    private final EventLoopGroup ownedGroup;
    private final IceAgentCore core;
    private final String id;
    private final Map<InetSocketAddress, Channel> channels = new HashMap<>();
    private final List<Consumer<IceEvent>> eventListeners = new CopyOnWriteArrayList<>();
    private volatile DatagramListener datagramListener;

    // Event-loop state.
    private final ReceivedData received = new ReceivedData();
    private final byte[] receiveBuffer = new byte[MAX_DATAGRAM];
    private final DirectDatagramSender directSender = new DirectDatagramSender();
    private final ByteBuffer receiveView = ByteBuffer.wrap(receiveBuffer);
    private ScheduledFuture<?> timer;
    private long timerDeadline = Long.MAX_VALUE;
    private volatile IceAgentCore.Route route;
    private IceAgentCore.Route routeOfChannel; // loop only: the route routeChannel was looked up for
    private Channel routeChannel;
    private CompletableFuture<List<Candidate>> gathered;
    private final ArrayDeque<ByteBuffer> heldForFirstRoute = new ArrayDeque<>();
    private final ArrayDeque<EarlyDatagram> earlyDatagrams = new ArrayDeque<>();
    private CompletableFuture<CandidatePair> connected;
    private boolean closed;

    // Read from any thread.
    private volatile IceConnectionState state = IceConnectionState.NEW;
    private volatile IceGatheringState gatheringState = IceGatheringState.NEW;
    private volatile IceRole role = IceRole.CONTROLLING;
    private volatile CandidatePair selectedPair;
    private volatile List<Candidate> localCandidates = List.of();
    private volatile List<CandidatePair> pairs = List.of();
    private volatile IceCredentials credentials;

    // Counters (written on the loop).
    private volatile long packetsSent;
    private volatile long bytesSent;
    private volatile long packetsReceived;
    private volatile long bytesReceived;

    /** A transport on its own single-threaded event loop group, shut down at {@link #close()}. */
    public NettyIceTransport(IceAgentConfig config) {
        this(config, null);
    }

    /**
     * A transport on one loop of a shared group (closing the transport leaves the group running).
     *
     * @param group the shared group, or null for a private one
     */
    public NettyIceTransport(IceAgentConfig config, EventLoopGroup group) {
        this.config = config;
        this.ownedGroup = group == null ? new NioEventLoopGroup(1) : null;
        this.loop = (group == null ? ownedGroup : group).next();
        this.id = "ice-" + IDS.incrementAndGet();
        this.credentials = IceCredentials.random();
        this.core = new IceAgentCore(config, credentials, new SecureRandom(), id);
    }

    @Override
    public IceCredentials localCredentials() {
        return credentials;
    }

    // ---- gathering ----

    @Override
    public CompletableFuture<List<Candidate>> gather() {
        CompletableFuture<List<Candidate>> result = new CompletableFuture<>();
        List<InetAddress> addresses;
        try {
            addresses = localAddresses();
        } catch (SocketException | UnknownHostException e) {
            result.completeExceptionally(new IceException("cannot list local addresses: " + e.getMessage(), e));
            return result;
        }
        if (addresses.isEmpty()) {
            result.completeExceptionally(new IceException("no usable local address (check ipv4/ipv6/includeLoopback)"));
            return result;
        }
        // Server names are resolved off the event loop, since DNS may block; address literals need no lookup
        // and are resolved here. (CompletableFuture's default executor is a new thread per task on a 2-core
        // machine, which cost up to 3 ms of every setLocalDescription: names go to a small pool of our own.)
        CompletableFuture<List<ResolvedServer>> servers = needsLookup()
                ? CompletableFuture.supplyAsync(this::resolveServers, NameResolution.executor())
                : CompletableFuture.completedFuture(resolveServers());
        List<ChannelFuture> binds = new ArrayList<>();
        for (InetAddress a : addresses) {
            binds.add(new Bootstrap().group(loop).channelFactory(DirectDatagramSender.FACTORY)
                    .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                    .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
                    .handler(new Handler()).bind(new InetSocketAddress(a, 0)));
        }
        servers.whenComplete((resolved, error) -> loop.execute(() -> {
            if (error != null) {
                result.completeExceptionally(new IceException("cannot resolve ICE servers: " + error.getMessage(), error));
                return;
            }
            if (closed) {
                result.completeExceptionally(new IceException("closed"));
                return;
            }
            startGathering(binds, resolved, result);
        }));
        return result;
    }

    private void startGathering(List<ChannelFuture> binds, List<ResolvedServer> servers,
                                CompletableFuture<List<Candidate>> result) {
        // Binding is quick on loopback and local interfaces; collect the results in order.
        CompletableFuture<?>[] all = new CompletableFuture<?>[binds.size()];
        for (int i = 0; i < binds.size(); i++) {
            CompletableFuture<Channel> f = new CompletableFuture<>();
            ChannelFuture cf = binds.get(i);
            cf.addListener(x -> {
                if (cf.isSuccess()) {
                    f.complete(cf.channel());
                } else {
                    LOG.warn("[{}] cannot bind {}: {}", id, cf.channel(), cf.cause().toString());
                    f.complete(null);
                }
            });
            all[i] = f;
        }
        CompletableFuture.allOf(all).thenRunAsync(() -> {
            for (CompletableFuture<?> f : all) {
                Channel ch = (Channel) f.join();
                if (ch != null) {
                    InetSocketAddress address = (InetSocketAddress) ch.localAddress();
                    channels.put(address, ch);
                    core.addSocket(address);
                }
            }
            if (channels.isEmpty()) {
                result.completeExceptionally(new IceException("could not bind any UDP socket"));
                return;
            }
            for (ResolvedServer s : servers) {
                if (s.server.type() == IceServer.Type.STUN) {
                    core.addStunServer(s.address);
                } else {
                    core.addTurnServer(s.address, s.server.username(), s.server.password());
                }
            }
            gathered = result;
            core.startGathering(System.nanoTime());
            drive();
        }, loop);
    }

    private record ResolvedServer(IceServer server, InetSocketAddress address) {}

    private boolean needsLookup() {
        for (IceServer s : config.iceServers()) {
            if (!NetUtil.isValidIpV4Address(s.host()) && !NetUtil.isValidIpV6Address(s.host())) {
                return true;
            }
        }
        return false;
    }

    private List<ResolvedServer> resolveServers() {
        List<ResolvedServer> out = new ArrayList<>();
        for (IceServer s : config.iceServers()) {
            try {
                for (InetAddress a : InetAddress.getAllByName(s.host())) {
                    out.add(new ResolvedServer(s, new InetSocketAddress(a, s.port())));
                }
            } catch (UnknownHostException e) {
                LOG.warn("[{}] cannot resolve ICE server {}: {}", id, s, e.getMessage());
            }
        }
        return out;
    }

    private List<InetAddress> localAddresses() throws SocketException, UnknownHostException {
        List<InetAddress> out = new ArrayList<>();
        if (!config.interfaceAddresses().isEmpty()) {
            for (String literal : config.interfaceAddresses()) {
                InetAddress a = InetAddress.getByName(literal);
                if (familyAllowed(a)) {
                    out.add(a);
                }
            }
            return out;
        }
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || (nif.isLoopback() && !config.includeLoopback())) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                // Link-local IPv6 needs scope handling browsers skip too; wildcard and multicast are not hosts.
                if (a.isLinkLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress() || !familyAllowed(a)) {
                    continue;
                }
                out.add(a);
            }
        }
        return out;
    }

    private boolean familyAllowed(InetAddress a) {
        return (a instanceof Inet4Address && config.ipv4()) || (a instanceof Inet6Address && config.ipv6());
    }

    @Override
    public List<Candidate> localCandidates() {
        return localCandidates;
    }

    // ---- remote side and checks ----

    @Override
    public void setRemoteCredentials(String ufrag, String password) {
        onLoop(() -> core.setRemoteCredentials(ufrag, password));
    }

    @Override
    public void addRemoteCandidate(Candidate candidate) {
        onLoop(() -> core.addRemoteCandidate(System.nanoTime(), candidate));
    }

    @Override
    public void endOfRemoteCandidates() {
        onLoop(() -> core.endOfRemoteCandidates(System.nanoTime()));
    }

    @Override
    public CompletableFuture<CandidatePair> start(IceRole initialRole) {
        CompletableFuture<CandidatePair> result = new CompletableFuture<>();
        onLoop(() -> {
            connected = result;
            core.start(System.nanoTime(), initialRole);
            role = core.role();
            completeConnectedIfReady();
        });
        return result;
    }

    @Override
    public IceCredentials restart() {
        IceCredentials fresh = IceCredentials.random();
        restart(fresh);
        return fresh;
    }

    @Override
    public void restart(IceCredentials fresh) {
        if (fresh.ufrag().equals(credentials.ufrag())) {
            throw new IllegalArgumentException("an ICE restart needs a new ufrag; " + fresh.ufrag() + " is in use");
        }
        credentials = fresh;
        onLoop(() -> core.restart(System.nanoTime(), fresh));
    }

    // ---- data ----

    @Override
    public boolean send(ByteBuffer datagram) {
        if (loop.inEventLoop()) {
            return sendOnLoop(datagram, true);
        }
        if (route == null && !mayHoldForFirstRoute()) {
            return false;
        }
        // Copied now: the caller may reuse its buffer as soon as this returns.
        ByteBuffer copy = ByteBuffer.allocate(datagram.remaining()).put(datagram.duplicate());
        copy.flip();
        loop.execute(() -> sendOnLoop(copy, false));
        return true;
    }

    /**
     * Before ICE has had any route (no valid pair yet), a few datagrams wait for the first one rather than being
     * dropped: a peer whose own check succeeded first may already have started DTLS, and our reply to its
     * ClientHello, sent while our check is still in flight, would otherwise be lost until the peer retransmits
     * (Chromium after 50 ms or more). Once ICE has had a route, no route means no consent: datagrams are dropped.
     */
    private boolean mayHoldForFirstRoute() {
        return !closed && selectedPair == null
                && (state == IceConnectionState.NEW || state == IceConnectionState.CHECKING);
    }

    private boolean sendOnLoop(ByteBuffer datagram, boolean callersBuffer) {
        IceAgentCore.Route r = route;
        if (closed) {
            return false;
        }
        if (r == null) {
            if (!mayHoldForFirstRoute() || heldForFirstRoute.size() >= MAX_HELD_FOR_FIRST_ROUTE) {
                return false;
            }
            ByteBuffer held = datagram;
            if (callersBuffer) {
                held = ByteBuffer.allocate(datagram.remaining()).put(datagram.duplicate());
                held.flip();
            }
            heldForFirstRoute.add(held);
            return true;
        }
        Channel ch;
        if (r == routeOfChannel) {
            ch = routeChannel; // the same route as last time: no lookup (hashing an address) per datagram
        } else {
            ch = channels.get(r.socket());
            if (ch != null) {
                routeOfChannel = r;
                routeChannel = ch;
            }
        }
        if (ch == null) {
            return false;
        }
        int length = datagram.remaining();
        ByteBuf buf;
        if (r.relayed()) {
            if (r.channel() < 0) {
                // The channel may have been bound since the route was cached.
                route = core.route();
                r = route;
                if (r == null) {
                    return false;
                }
            }
            byte[] plain = new byte[length];
            datagram.duplicate().get(plain);
            buf = Unpooled.wrappedBuffer(core.wrapForRelay(r, plain, 0, length));
        } else {
            // Straight to the socket, unless datagrams already wait in the pipeline for it (then queue behind them).
            io.netty.channel.ChannelOutboundBuffer waiting = ch.unsafe().outboundBuffer();
            if (waiting != null && waiting.isEmpty()) {
                try {
                    if (directSender.send(ch, datagram, r.destination())) {
                        packetsSent++;
                        bytesSent += length;
                        return true;
                    }
                } catch (IOException e) {
                    LOG.debug("[{}] send to {} failed: {}", id, r.destination(), e.toString());
                    return false;
                }
            }
            buf = ch.alloc().directBuffer(length);
            buf.writeBytes(datagram.duplicate());
        }
        packetsSent++;
        bytesSent += length;
        ch.writeAndFlush(new DatagramPacket(buf, r.destination()), ch.voidPromise());
        return true;
    }

    @Override
    public void setDatagramListener(DatagramListener listener) {
        this.datagramListener = listener;
        if (listener != null) {
            onLoop(this::deliverEarlyDatagrams);
        }
    }

    /**
     * Loop: hands the listener what arrived before it was set. A peer that got our candidates before we applied
     * its answer may start DTLS at once; its ClientHello must not be lost to the moment our transports start.
     */
    private void deliverEarlyDatagrams() {
        DatagramListener l = datagramListener;
        if (l == null || earlyDatagrams.isEmpty()) {
            return;
        }
        for (EarlyDatagram d; (d = earlyDatagrams.poll()) != null; ) {
            try {
                l.onDatagram(d.data(), d.from());
            } catch (RuntimeException e) {
                LOG.error("[{}] error handling an early datagram from {}", id, d.from(), e);
            }
        }
        l.onBatchEnd();
    }

    private record EarlyDatagram(ByteBuffer data, InetSocketAddress from) {}

    @Override
    public void addEventListener(Consumer<IceEvent> listener) {
        eventListeners.add(listener);
    }

    // ---- state ----

    @Override
    public IceConnectionState state() {
        return state;
    }

    @Override
    public IceGatheringState gatheringState() {
        return gatheringState;
    }

    @Override
    public IceRole role() {
        return role;
    }

    @Override
    public CandidatePair selectedPair() {
        return selectedPair;
    }

    @Override
    public List<CandidatePair> pairs() {
        return pairs;
    }

    /**
     * The connectivity-check counters of every candidate pair. Call on {@link #eventLoop()} (the core's state is
     * confined to it); stats collectors run there.
     *
     * @throws IllegalStateException on any other thread
     */
    public List<CandidatePairStats> pairStats() {
        requireLoop();
        return core.pairStats();
    }

    /** The remote candidates known so far (signalled and peer-reflexive). Call on {@link #eventLoop()}. */
    public List<Candidate> remoteCandidates() {
        requireLoop();
        return core.remoteCandidates();
    }

    private void requireLoop() {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("call on the transport's event loop");
        }
    }

    public long packetsSent() {
        return packetsSent;
    }

    public long bytesSent() {
        return bytesSent;
    }

    public long packetsReceived() {
        return packetsReceived;
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    /** The event loop this transport runs on; layers above may run their own per-connection work there. */
    public EventLoop eventLoop() {
        return loop;
    }

    /** A short identifier used in this transport's log lines. */
    public String id() {
        return id;
    }

    /** Loop: completes {@code done} once the loop has selected {@code selects} more times. */
    private void completeAfterSelects(CompletableFuture<Void> done, int selects) {
        if (selects == 0) {
            done.complete(null);
            return;
        }
        try {
            loop.schedule(() -> completeAfterSelects(done, selects - 1), 0, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            done.complete(null); // the loop is stopping: its selector closes, and the sockets with it
        }
    }

    @Override
    public void close() {
        if (loop.isShuttingDown()) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        List<ChannelFuture> closing = new ArrayList<>();
        // Not through onLoop(): that skips tasks once closed, and a second close() must not wait for nothing.
        Runnable closeTask = () -> {
            if (!closed) {
                core.close(System.nanoTime());
                drive(); // Sends the TURN releases and reports CLOSED.
                closed = true;
                if (timer != null) {
                    timer.cancel(false);
                }
                for (Channel ch : channels.values()) {
                    closing.add(ch.close());
                }
                channels.clear();
                heldForFirstRoute.clear();
                earlyDatagrams.clear();
                failPending(new IceException("ICE transport closed"));
            }
            if (closing.isEmpty()) {
                done.complete(null);
                return;
            }
            // NIO frees a socket registered with a selector only when that selector next selects after the key is
            // cancelled (Netty cancels it in a task of its own, queued by the close). The loop selects before it
            // takes scheduled tasks again, so after two scheduled hops the port is free. (A task merely submitted
            // can run in the same batch as this one, before any select: close() then returned with the port still
            // bound, now and then.)
            completeAfterSelects(done, 2);
        };
        if (loop.inEventLoop()) {
            closeTask.run();
        } else {
            try {
                loop.execute(closeTask);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // the loop is gone, and with it the sockets
            }
        }
        if (loop.inEventLoop()) {
            return; // From a listener on our own loop: the sockets are released when this task returns.
        }
        done.orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        for (ChannelFuture f : closing) {
            f.awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (ownedGroup != null) {
            ownedGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }

    // ---- the loop ----

    private void onLoop(Runnable task) {
        Runnable wrapped = () -> {
            if (closed) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("[{}] {}", id, e.toString());
                throw e;
            }
            drive();
        };
        if (loop.inEventLoop()) {
            wrapped.run();
        } else {
            loop.execute(wrapped);
        }
    }

    /** Drains the core's output and keeps one timer at its next deadline. */
    private void drive() {
        long now = System.nanoTime();
        for (int guard = 0; guard < 64; guard++) {
            drainTransmits();
            drainEvents();
            if (selectedPair == null) {
                route = core.route(); // before selection a pair becoming valid is no event, yet opens a route
            }
            if (!heldForFirstRoute.isEmpty() && (route != null || !mayHoldForFirstRoute())) {
                for (ByteBuffer held; (held = heldForFirstRoute.poll()) != null; ) {
                    sendOnLoop(held, false); // dropped after all if ICE failed or closed instead
                }
            }
            long deadline = core.pollDeadline();
            if (deadline > now || closed) {
                schedule(deadline, now);
                return;
            }
            core.handleTimeout(now);
        }
        schedule(now + 1_000_000, now); // A core that keeps asking for "now" is re-driven in a millisecond.
    }

    private void schedule(long deadline, long now) {
        if (closed || deadline == Long.MAX_VALUE) {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            timerDeadline = Long.MAX_VALUE;
            return;
        }
        if (timer != null && timerDeadline == deadline) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        timerDeadline = deadline;
        timer = loop.schedule(() -> {
            timer = null;
            timerDeadline = Long.MAX_VALUE;
            if (!closed) {
                core.handleTimeout(System.nanoTime());
                drive();
            }
        }, Math.max(0, deadline - now), TimeUnit.NANOSECONDS);
    }

    private void drainTransmits() {
        Transmit t;
        while ((t = core.pollTransmit()) != null) {
            Channel ch = channels.get(t.source());
            if (ch == null) {
                continue;
            }
            ch.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(t.data()), t.destination()), ch.voidPromise());
        }
    }

    private void drainEvents() {
        IceEvent e;
        boolean changed = false;
        while ((e = core.pollEvent()) != null) {
            changed = true;
            if (e instanceof IceEvent.ConnectionStateChanged s) {
                state = s.state();
                LOG.debug("[{}] state {}", id, s.state());
            } else if (e instanceof IceEvent.GatheringStateChanged g) {
                gatheringState = g.state();
            } else if (e instanceof IceEvent.SelectedPairChanged p) {
                selectedPair = p.pair();
            } else if (e instanceof IceEvent.RoleChanged r) {
                role = r.role();
            }
            localCandidates = core.localCandidates();
            pairs = core.pairs();
            route = core.route();
            for (Consumer<IceEvent> l : eventListeners) {
                try {
                    l.accept(e);
                } catch (RuntimeException ex) {
                    LOG.warn("[{}] ICE event listener threw on {}", id, e, ex);
                }
            }
            if (e instanceof IceEvent.GatheringStateChanged g && g.state() == IceGatheringState.COMPLETE
                    && gathered != null) {
                gathered.complete(localCandidates);
            }
        }
        if (changed) {
            completeConnectedIfReady();
        }
    }

    private void completeConnectedIfReady() {
        if (connected == null || connected.isDone()) {
            return;
        }
        if ((state == IceConnectionState.CONNECTED || state == IceConnectionState.COMPLETED) && selectedPair != null) {
            connected.complete(selectedPair);
        } else if (state == IceConnectionState.FAILED) {
            connected.completeExceptionally(new IceException("ICE failed: no candidate pair works"));
        }
    }

    private void failPending(IceException e) {
        if (gathered != null) {
            gathered.completeExceptionally(e);
        }
        if (connected != null) {
            connected.completeExceptionally(e);
        }
    }

    /** Reads datagrams of one socket. */
    private final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            if (closed) {
                return;
            }
            ByteBuf content = packet.content();
            int length = Math.min(content.readableBytes(), MAX_DATAGRAM);
            // One copy into a reused heap array: the core parses byte arrays, and nothing is allocated here.
            content.getBytes(content.readerIndex(), receiveBuffer, 0, length);
            InetSocketAddress socket = (InetSocketAddress) ctx.channel().localAddress();
            long now = System.nanoTime();
            try {
                if (core.handleDatagram(now, socket, packet.sender(), receiveBuffer, 0, length, received)) {
                    packetsReceived++;
                    bytesReceived += received.length;
                    DatagramListener l = datagramListener;
                    if (l != null) {
                        deliverEarlyDatagrams(); // in order: what came before the listener first
                        receiveView.limit(received.offset + received.length).position(received.offset);
                        l.onDatagram(receiveView, received.remote);
                    } else if (earlyDatagrams.size() < MAX_EARLY_DATAGRAMS) {
                        ByteBuffer copy = ByteBuffer.allocate(received.length)
                                .put(receiveBuffer, received.offset, received.length);
                        earlyDatagrams.add(new EarlyDatagram(copy.flip(), received.remote));
                    }
                }
            } catch (RuntimeException e) {
                // A bug, not bad input (the core drops bad input itself): log it, keep the transport alive.
                LOG.error("[{}] error handling a datagram from {}", id, packet.sender(), e);
            }
            drive();
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            DatagramListener l = datagramListener;
            if (l != null && !closed) {
                try {
                    l.onBatchEnd();
                } catch (RuntimeException e) {
                    LOG.error("[{}] datagram listener failed at the end of a burst", id, e);
                }
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable and the like: UDP goes on.
            LOG.debug("[{}] socket {}: {}", id, ctx.channel().localAddress(), cause.toString());
        }
    }
}
