package dev.robusta.ice.core;

import static dev.robusta.ice.stun.StunAttributes.*;

import dev.robusta.ice.stun.ChannelData;
import dev.robusta.ice.stun.ErrorCode;
import dev.robusta.ice.stun.StunClass;
import dev.robusta.ice.stun.StunCredentials;
import dev.robusta.ice.stun.StunMessage;
import dev.robusta.ice.stun.StunMessageBuilder;
import dev.robusta.ice.stun.StunMethod;
import dev.robusta.ice.stun.TransactionId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TURN client allocation over UDP (RFC 8656), sans-IO: Allocate with long-term credentials (the 401 / 438
 * dance), Refresh before the lifetime runs out, CreatePermission and ChannelBind per peer with their refreshes,
 * Send indications and ChannelData for outgoing data. Owned and driven by {@link IceAgentCore}: its requests go
 * to the core's transmit queue and its clock is the core's.
 */
final class TurnAllocation {
    private static final Logger LOG = LoggerFactory.getLogger(TurnAllocation.class);
    private static final int UDP = 17;
    private static final long SECOND = 1_000_000_000L;
    private static final long PERMISSION_LIFETIME = 300 * SECOND;
    private static final long PERMISSION_REFRESH = 240 * SECOND;
    private static final long CHANNEL_REFRESH = 540 * SECOND;
    private static final int MAX_STALE_NONCE_RETRIES = 3;

    interface Listener {
        void allocated(TurnAllocation allocation, long now);

        void allocationFailed(TurnAllocation allocation, String reason);
    }

    enum State { ALLOCATING, ALLOCATED, FAILED, RELEASED }

    private enum Kind { ALLOCATE, REFRESH, PERMISSION, CHANNEL_BIND }

    /** A request in flight. */
    private record Pending(Kind kind, StunTransaction txn, InetSocketAddress peer, long lifetime, int staleRetries) {}

    private static final class Permission {
        boolean installed;
        boolean requested;
        long refreshAt;
        long expiresAt;
    }

    private static final class Channel {
        final int number;
        final InetSocketAddress peer;
        boolean bound;
        boolean requested;
        long refreshAt;

        Channel(int number, InetSocketAddress peer) {
            this.number = number;
            this.peer = peer;
        }
    }

    final InetSocketAddress socket;
    final InetSocketAddress server;
    private final String username;
    private final String password;
    private final String logId;
    private final ArrayDeque<Transmit> out;
    private final Listener listener;
    private final Random random;
    private final long rtoNanos;
    private final int maxTransmissions;
    private final int lastWaitMultiplier;
    private final StunMessageBuilder builder = new StunMessageBuilder();

    private final Map<TransactionId, Pending> pending = new HashMap<>();
    private final Map<InetAddress, Permission> permissions = new HashMap<>();
    private final Map<InetSocketAddress, Channel> channelsByPeer = new HashMap<>();
    private final Map<Integer, Channel> channelsByNumber = new HashMap<>();
    private int nextChannel = ChannelData.MIN_CHANNEL;

    private State state = State.ALLOCATING;
    private String realm;
    private String nonce;
    private byte[] key;
    private boolean triedWithCredentials;
    private InetSocketAddress relayed;
    private InetSocketAddress mapped;
    private long refreshAt = Long.MAX_VALUE;

    TurnAllocation(InetSocketAddress socket, InetSocketAddress server, String username, String password,
                   String logId, ArrayDeque<Transmit> out, Listener listener, Random random,
                   long rtoNanos, int maxTransmissions, int lastWaitMultiplier) {
        this.socket = socket;
        this.server = server;
        this.username = username;
        this.password = password;
        this.logId = logId;
        this.out = out;
        this.listener = listener;
        this.random = random;
        this.rtoNanos = rtoNanos;
        this.maxTransmissions = maxTransmissions;
        this.lastWaitMultiplier = lastWaitMultiplier;
    }

    State state() {
        return state;
    }

    InetSocketAddress relayedAddress() {
        return relayed;
    }

    InetSocketAddress mappedAddress() {
        return mapped;
    }

    boolean isFromServer(InetSocketAddress localSocket, InetSocketAddress from) {
        return socket.equals(localSocket) && server.equals(from);
    }

    void start(long now) {
        sendAllocate(now, 0);
    }

    // ---- requests ----

    private void sendAllocate(long now, int staleRetries) {
        TransactionId id = TransactionId.random(random);
        builder.reset(StunClass.REQUEST, StunMethod.ALLOCATE, id).addRequestedTransport(UDP);
        if (relayedFamilyIsIpv6()) {
            builder.addRequestedAddressFamily(2);
        }
        send(now, Kind.ALLOCATE, id, null, 0, staleRetries);
    }

    /** The relayed address family follows the family of the socket used to reach the server. */
    private boolean relayedFamilyIsIpv6() {
        return socket.getAddress().getAddress().length == 16;
    }

    private void sendRefresh(long now, long lifetimeSeconds, int staleRetries) {
        TransactionId id = TransactionId.random(random);
        builder.reset(StunClass.REQUEST, StunMethod.REFRESH, id).addLifetime(lifetimeSeconds);
        send(now, Kind.REFRESH, id, null, lifetimeSeconds, staleRetries);
    }

    private void sendCreatePermission(long now, InetSocketAddress peer, int staleRetries) {
        TransactionId id = TransactionId.random(random);
        builder.reset(StunClass.REQUEST, StunMethod.CREATE_PERMISSION, id).addAddress(XOR_PEER_ADDRESS, peer);
        send(now, Kind.PERMISSION, id, peer, 0, staleRetries);
    }

    private void sendChannelBind(long now, Channel channel, int staleRetries) {
        TransactionId id = TransactionId.random(random);
        builder.reset(StunClass.REQUEST, StunMethod.CHANNEL_BIND, id).addChannelNumber(channel.number)
                .addAddress(XOR_PEER_ADDRESS, channel.peer);
        send(now, Kind.CHANNEL_BIND, id, channel.peer, 0, staleRetries);
    }

    /** Adds the long-term credential attributes (once the server told us its realm and nonce) and sends. */
    private void send(long now, Kind kind, TransactionId id, InetSocketAddress peer, long lifetime, int staleRetries) {
        if (key != null) {
            builder.addUsername(username).addString(REALM, realm).addString(NONCE, nonce).addMessageIntegrity(key);
        }
        builder.addFingerprint();
        StunTransaction txn = new StunTransaction(id, builder.toByteArray(), rtoNanos, maxTransmissions,
                lastWaitMultiplier);
        pending.put(id, new Pending(kind, txn, peer, lifetime, staleRetries));
        txn.sent(now);
        out.add(new Transmit(socket, server, txn.request));
    }

    // ---- responses ----

    /** Handles a response from the server; false if it answers none of our requests. */
    boolean handleResponse(long now, StunMessage response) {
        TransactionId id = response.transactionId();
        Pending p = pending.get(id);
        if (p == null) {
            return false;
        }
        if (key != null && response.hasIntegrity() && !response.checkIntegrity(key)) {
            LOG.debug("[{}] TURN response with bad MESSAGE-INTEGRITY from {} dropped", logId, server);
            return true;
        }
        pending.remove(id);
        if (response.messageClass() == StunClass.ERROR_RESPONSE) {
            handleError(now, p, response);
            return true;
        }
        switch (p.kind()) {
            case ALLOCATE:
                allocated(now, response);
                break;
            case REFRESH:
                if (p.lifetime() == 0) {
                    state = State.RELEASED;
                } else {
                    scheduleRefresh(now, response.lifetimeSeconds());
                }
                break;
            case PERMISSION: {
                Permission perm = permissions.get(p.peer().getAddress());
                if (perm != null) {
                    perm.installed = true;
                    perm.requested = false;
                    perm.refreshAt = now + PERMISSION_REFRESH;
                    perm.expiresAt = now + PERMISSION_LIFETIME;
                }
                break;
            }
            case CHANNEL_BIND: {
                Channel ch = channelsByPeer.get(p.peer());
                if (ch != null) {
                    ch.bound = true;
                    ch.requested = false;
                    ch.refreshAt = now + CHANNEL_REFRESH;
                    LOG.debug("[{}] TURN channel 0x{} bound to {}", logId, Integer.toHexString(ch.number), ch.peer);
                }
                // A channel binding installs or refreshes the permission for the peer's address too.
                Permission perm = permissions.computeIfAbsent(p.peer().getAddress(), a -> new Permission());
                perm.installed = true;
                perm.refreshAt = now + PERMISSION_REFRESH;
                perm.expiresAt = now + PERMISSION_LIFETIME;
                break;
            }
            default:
                break;
        }
        return true;
    }

    private void allocated(long now, StunMessage response) {
        relayed = response.address(XOR_RELAYED_ADDRESS);
        mapped = response.address(XOR_MAPPED_ADDRESS);
        if (relayed == null) {
            fail("Allocate success without XOR-RELAYED-ADDRESS");
            return;
        }
        state = State.ALLOCATED;
        scheduleRefresh(now, response.lifetimeSeconds());
        LOG.info("[{}] TURN allocation on {} via {}: relayed {}", logId, socket, server, relayed);
        listener.allocated(this, now);
    }

    private void scheduleRefresh(long now, long lifetimeSeconds) {
        long lifetime = (lifetimeSeconds > 0 ? lifetimeSeconds : 600) * SECOND;
        // Refresh a minute before expiry, or half-way for short lifetimes.
        refreshAt = now + Math.max(lifetime / 2, lifetime - 60 * SECOND);
    }

    private void handleError(long now, Pending p, StunMessage response) {
        ErrorCode error = response.errorCode();
        int code = error == null ? 0 : error.code();
        if (code == ErrorCode.UNAUTHENTICATED && p.kind() == Kind.ALLOCATE && !triedWithCredentials) {
            // RFC 8656 section 7.2 / RFC 8489 section 9.2: the first Allocate learns realm and nonce.
            if (!learnRealmAndNonce(response)) {
                fail("401 without REALM and NONCE");
                return;
            }
            triedWithCredentials = true;
            sendAllocate(now, p.staleRetries());
            return;
        }
        if (code == ErrorCode.STALE_NONCE && p.staleRetries() < MAX_STALE_NONCE_RETRIES
                && response.nonce() != null) {
            nonce = response.nonce();
            retry(now, p, p.staleRetries() + 1);
            return;
        }
        String what = StunMethod.name(methodOf(p.kind())) + " failed: " + (error == null ? "no ERROR-CODE" : error);
        switch (p.kind()) {
            case ALLOCATE:
                fail(what);
                break;
            case REFRESH:
                if (p.lifetime() != 0) {
                    fail(what);
                }
                break;
            case PERMISSION:
                permissions.remove(p.peer().getAddress());
                LOG.warn("[{}] TURN {} for {}", logId, what, p.peer());
                break;
            case CHANNEL_BIND:
                Channel ch = channelsByPeer.remove(p.peer());
                if (ch != null) {
                    channelsByNumber.remove(ch.number);
                }
                LOG.warn("[{}] TURN {} for {}", logId, what, p.peer());
                break;
            default:
                break;
        }
    }

    private boolean learnRealmAndNonce(StunMessage response) {
        if (response.realm() == null || response.nonce() == null) {
            return false;
        }
        realm = response.realm();
        nonce = response.nonce();
        key = StunCredentials.longTermKey(username, realm, password);
        return true;
    }

    private void retry(long now, Pending p, int staleRetries) {
        switch (p.kind()) {
            case ALLOCATE:
                sendAllocate(now, staleRetries);
                break;
            case REFRESH:
                sendRefresh(now, p.lifetime(), staleRetries);
                break;
            case PERMISSION:
                sendCreatePermission(now, p.peer(), staleRetries);
                break;
            case CHANNEL_BIND: {
                Channel ch = channelsByPeer.get(p.peer());
                if (ch != null) {
                    sendChannelBind(now, ch, staleRetries);
                }
                break;
            }
            default:
                break;
        }
    }

    private static int methodOf(Kind kind) {
        switch (kind) {
            case ALLOCATE: return StunMethod.ALLOCATE;
            case REFRESH: return StunMethod.REFRESH;
            case PERMISSION: return StunMethod.CREATE_PERMISSION;
            default: return StunMethod.CHANNEL_BIND;
        }
    }

    private void fail(String reason) {
        if (state == State.FAILED) {
            return;
        }
        state = State.FAILED;
        refreshAt = Long.MAX_VALUE;
        pending.clear();
        LOG.warn("[{}] TURN allocation via {} failed: {}", logId, server, reason);
        listener.allocationFailed(this, reason);
    }

    // ---- permissions, channels and data ----

    /** Makes sure the server lets this peer's address through (RFC 8656 section 9). */
    void ensurePermission(long now, InetSocketAddress peer) {
        if (state != State.ALLOCATED) {
            return;
        }
        Permission perm = permissions.computeIfAbsent(peer.getAddress(), a -> new Permission());
        if (!perm.installed && !perm.requested) {
            perm.requested = true;
            sendCreatePermission(now, peer, 0);
        }
    }

    /** Binds a channel to this peer, so data goes as 4-byte-header ChannelData (RFC 8656 section 12). */
    void bindChannel(long now, InetSocketAddress peer) {
        if (state != State.ALLOCATED || channelsByPeer.containsKey(peer) || nextChannel > ChannelData.MAX_CHANNEL) {
            return;
        }
        Channel ch = new Channel(nextChannel++, peer);
        channelsByPeer.put(peer, ch);
        channelsByNumber.put(ch.number, ch);
        ch.requested = true;
        sendChannelBind(now, ch, 0);
    }

    /** The bound channel for this peer, or -1. */
    int channelFor(InetSocketAddress peer) {
        Channel ch = channelsByPeer.get(peer);
        return ch != null && ch.bound ? ch.number : -1;
    }

    /** The peer of a bound channel, or null. */
    InetSocketAddress peerForChannel(int number) {
        Channel ch = channelsByNumber.get(number);
        return ch != null && ch.bound ? ch.peer : null;
    }

    /** Wraps data for a peer: ChannelData on a bound channel, otherwise a Send indication. */
    byte[] wrap(InetSocketAddress peer, byte[] data, int offset, int length) {
        int channel = channelFor(peer);
        if (channel >= 0) {
            byte[] frame = new byte[ChannelData.HEADER_LENGTH + ((length + 3) & ~3)];
            ChannelData.writeHeader(frame, 0, channel, length);
            System.arraycopy(data, offset, frame, ChannelData.HEADER_LENGTH, length);
            return frame;
        }
        builder.reset(StunClass.INDICATION, StunMethod.SEND, TransactionId.random(random))
                .addAddress(XOR_PEER_ADDRESS, peer).add(DATA, data, offset, length);
        return builder.toByteArray();
    }

    // ---- time ----

    void handleTimeout(long now) {
        if (state == State.FAILED || state == State.RELEASED) {
            return;
        }
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            StunTransaction txn = p.txn();
            if (now < txn.deadlineNanos) {
                continue;
            }
            if (!txn.exhausted()) {
                txn.sent(now);
                out.add(new Transmit(socket, server, txn.request));
                continue;
            }
            it.remove();
            if (p.kind() == Kind.ALLOCATE || (p.kind() == Kind.REFRESH && p.lifetime() != 0)) {
                fail(StunMethod.name(methodOf(p.kind())) + " timed out");
                return;
            }
            if (p.kind() == Kind.PERMISSION) {
                permissions.remove(p.peer().getAddress());
            } else if (p.kind() == Kind.CHANNEL_BIND) {
                Channel ch = channelsByPeer.remove(p.peer());
                if (ch != null) {
                    channelsByNumber.remove(ch.number);
                }
            }
        }
        if (state != State.ALLOCATED) {
            return;
        }
        if (now >= refreshAt) {
            refreshAt = Long.MAX_VALUE;
            sendRefresh(now, 600, 0);
        }
        for (Map.Entry<InetAddress, Permission> e : permissions.entrySet()) {
            Permission perm = e.getValue();
            if (perm.installed && !perm.requested && now >= perm.refreshAt) {
                perm.requested = true;
                sendCreatePermission(now, new InetSocketAddress(e.getKey(), 0), 0);
            }
        }
        for (Channel ch : channelsByPeer.values()) {
            if (ch.bound && !ch.requested && now >= ch.refreshAt) {
                ch.requested = true;
                sendChannelBind(now, ch, 0);
            }
        }
    }

    long deadline() {
        if (state == State.FAILED || state == State.RELEASED) {
            return Long.MAX_VALUE;
        }
        long d = refreshAt;
        for (Pending p : pending.values()) {
            d = Math.min(d, p.txn().deadlineNanos);
        }
        for (Permission perm : permissions.values()) {
            if (perm.installed && !perm.requested) {
                d = Math.min(d, perm.refreshAt);
            }
        }
        for (Channel ch : channelsByPeer.values()) {
            if (ch.bound && !ch.requested) {
                d = Math.min(d, ch.refreshAt);
            }
        }
        return d;
    }

    /** Releases the allocation (Refresh with LIFETIME 0), sent once without waiting for the answer. */
    void release(long now) {
        if (state == State.ALLOCATED) {
            pending.clear();
            sendRefresh(now, 0, 0);
            pending.clear();
        }
        state = State.RELEASED;
        refreshAt = Long.MAX_VALUE;
    }
}
