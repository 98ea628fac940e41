package dev.robusta.sctp;

/**
 * Settings of one SCTP association. Immutable; start from {@link #defaults()} and change with the {@code with}
 * methods. Times in milliseconds, sizes in bytes.
 *
 * @param localPort             our SCTP port (RFC 8841 a=sctp-port; 5000 in WebRTC)
 * @param remotePort            the peer's SCTP port
 * @param mtu                   the largest SCTP packet we send (WebRTC stacks use 1200 over DTLS)
 * @param maxMessageSize        the largest message we accept (advertised as a=max-message-size)
 * @param remoteMaxMessageSize  the largest message the peer accepts: a larger send is refused
 * @param receiveBufferBytes    what we hold for reassembly and ordered delivery (raised to twice maxMessageSize
 *                              if smaller); the receive window we advertise is this minus what is held
 * @param maxAdvertisedWindow   the largest receive window (a_rwnd) we advertise, whatever is free: it bounds the
 *                              bytes the peer keeps in flight toward us. Packets wait in the UDP socket's receive
 *                              buffer whenever the event loop is busy (JIT warm-up, GC, a loaded machine); a
 *                              window larger than that buffer lets the peer overflow it, and the drops and delays
 *                              set off its retransmissions. Keep it at most half the socket's SO_RCVBUF; it
 *                              also caps throughput at this many bytes per round trip
 * @param rtoInitialMillis      RTO.Initial (RFC 9260 15)
 * @param rtoMinMillis          RTO.Min; RFC 9260 says 1 s, WebRTC stacks use less
 * @param rtoMaxMillis          RTO.Max
 * @param maxRetransmissions    Association.Max.Retrans: consecutive timeouts before the association fails
 * @param maxInitRetransmissions Max.Init.Retransmits
 * @param heartbeatIntervalMillis HB.Interval (0 disables heartbeats)
 * @param delayedAckMillis      the delayed SACK timer (RFC 9260 6.2, at most 500)
 * @param cookieLifetimeMillis  Valid.Cookie.Life
 */
public record SctpConfig(int localPort, int remotePort, int mtu, int maxMessageSize, int remoteMaxMessageSize,
                         int receiveBufferBytes, int maxAdvertisedWindow, int rtoInitialMillis, int rtoMinMillis,
                         int rtoMaxMillis, int maxRetransmissions, int maxInitRetransmissions,
                         int heartbeatIntervalMillis, int delayedAckMillis, int cookieLifetimeMillis) {
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 256 * 1024;
    public static final int DEFAULT_MAX_ADVERTISED_WINDOW = 512 * 1024;

    public SctpConfig {
        if (mtu < 576 || mtu > 65535) {
            throw new IllegalArgumentException("mtu " + mtu + " is outside 576..65535");
        }
        if (maxAdvertisedWindow < mtu) {
            throw new IllegalArgumentException("maxAdvertisedWindow " + maxAdvertisedWindow + " is below the MTU");
        }
        if (maxMessageSize < 1 || remoteMaxMessageSize < 1) {
            throw new IllegalArgumentException("maximum message sizes must be positive");
        }
        if (rtoMinMillis < 1 || rtoInitialMillis < rtoMinMillis || rtoMaxMillis < rtoInitialMillis) {
            throw new IllegalArgumentException("need 1 <= rtoMin <= rtoInitial <= rtoMax");
        }
        if (maxRetransmissions < 1 || maxInitRetransmissions < 1 || delayedAckMillis < 0 || delayedAckMillis > 500) {
            throw new IllegalArgumentException("retransmission limits must be positive, delayed ack 0..500 ms");
        }
    }

    /**
     * WebRTC-style defaults: ports 5000, MTU 1200, 256 KiB messages, 4 MiB receive buffer, at most 512 KiB
     * advertised (an eighth of the 4 MiB SO_RCVBUF the ICE transport asks for; where net.core.rmem_max is Linux's
     * default the kernel grants only 208 KiB, and a stalled receiver can still overflow it).
     */
    public static SctpConfig defaults() {
        return new SctpConfig(5000, 5000, 1200, DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_MESSAGE_SIZE, 4 << 20,
                DEFAULT_MAX_ADVERTISED_WINDOW,
                1000, 400, 60_000, 10, 8, 30_000, 200, 60_000);
    }

    public SctpConfig withPorts(int local, int remote) {
        return new SctpConfig(local, remote, mtu, maxMessageSize, remoteMaxMessageSize, receiveBufferBytes,
                maxAdvertisedWindow, rtoInitialMillis, rtoMinMillis, rtoMaxMillis, maxRetransmissions,
                maxInitRetransmissions, heartbeatIntervalMillis, delayedAckMillis, cookieLifetimeMillis);
    }

    public SctpConfig withMtu(int value) {
        return new SctpConfig(localPort, remotePort, value, maxMessageSize, remoteMaxMessageSize, receiveBufferBytes,
                maxAdvertisedWindow, rtoInitialMillis, rtoMinMillis, rtoMaxMillis, maxRetransmissions,
                maxInitRetransmissions, heartbeatIntervalMillis, delayedAckMillis, cookieLifetimeMillis);
    }

    /** Sets both our and the peer's maximum message size (the peer module sets them from the SDP). */
    public SctpConfig withMaxMessageSize(int local, int remote) {
        return new SctpConfig(localPort, remotePort, mtu, local, remote, receiveBufferBytes,
                maxAdvertisedWindow, rtoInitialMillis, rtoMinMillis, rtoMaxMillis, maxRetransmissions,
                maxInitRetransmissions, heartbeatIntervalMillis, delayedAckMillis, cookieLifetimeMillis);
    }

    public SctpConfig withReceiveBuffer(int bytes) {
        return new SctpConfig(localPort, remotePort, mtu, maxMessageSize, remoteMaxMessageSize, bytes,
                maxAdvertisedWindow, rtoInitialMillis, rtoMinMillis, rtoMaxMillis, maxRetransmissions,
                maxInitRetransmissions, heartbeatIntervalMillis, delayedAckMillis, cookieLifetimeMillis);
    }

    /** Sets the largest receive window advertised (see {@code maxAdvertisedWindow} above). */
    public SctpConfig withMaxAdvertisedWindow(int bytes) {
        return new SctpConfig(localPort, remotePort, mtu, maxMessageSize, remoteMaxMessageSize, receiveBufferBytes,
                bytes, rtoInitialMillis, rtoMinMillis, rtoMaxMillis, maxRetransmissions,
                maxInitRetransmissions, heartbeatIntervalMillis, delayedAckMillis, cookieLifetimeMillis);
    }

    public SctpConfig withRto(int initialMillis, int minMillis, int maxMillis) {
        return new SctpConfig(localPort, remotePort, mtu, maxMessageSize, remoteMaxMessageSize, receiveBufferBytes,
                maxAdvertisedWindow, initialMillis, minMillis, maxMillis, maxRetransmissions,
                maxInitRetransmissions, heartbeatIntervalMillis, delayedAckMillis, cookieLifetimeMillis);
    }

    public SctpConfig withRetransmissionLimits(int association, int init) {
        return new SctpConfig(localPort, remotePort, mtu, maxMessageSize, remoteMaxMessageSize, receiveBufferBytes,
                maxAdvertisedWindow, rtoInitialMillis, rtoMinMillis, rtoMaxMillis,
                association, init, heartbeatIntervalMillis, delayedAckMillis, cookieLifetimeMillis);
    }

    public SctpConfig withHeartbeatInterval(int millis) {
        return new SctpConfig(localPort, remotePort, mtu, maxMessageSize, remoteMaxMessageSize, receiveBufferBytes,
                maxAdvertisedWindow, rtoInitialMillis, rtoMinMillis, rtoMaxMillis,
                maxRetransmissions, maxInitRetransmissions, millis, delayedAckMillis, cookieLifetimeMillis);
    }

    public SctpConfig withDelayedAck(int millis) {
        return new SctpConfig(localPort, remotePort, mtu, maxMessageSize, remoteMaxMessageSize, receiveBufferBytes,
                maxAdvertisedWindow, rtoInitialMillis, rtoMinMillis, rtoMaxMillis,
                maxRetransmissions, maxInitRetransmissions, heartbeatIntervalMillis, millis, cookieLifetimeMillis);
    }

    /** The receive window advertised in INIT and INIT-ACK (the window before anything is held). */
    public long initialAdvertisedWindow() {
        return Math.min(effectiveReceiveBuffer(), maxAdvertisedWindow);
    }

    /** What the receiver holds at most for reassembly and ordering. */
    public long effectiveReceiveBuffer() {
        return Math.max(receiveBufferBytes, 2L * maxMessageSize);
    }
}
