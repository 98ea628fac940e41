package dev.robusta.dtls.srtp;

/**
 * Per-session SRTP settings.
 *
 * @param replayWindowPackets how many packet indexes behind the newest one are still accepted (once each), for
 *        SRTP and SRTCP alike; a multiple of 64, at least 64 (RFC 3711 section 3.3.2 asks for at least 64). Video
 *        with retransmissions and reordering wants more: the default is 1024, as libsrtp-based stacks use
 * @param maxRemoteSsrcs how many peer streams (SSRCs) the session tracks for SRTP, and as many for SRTCP; a
 *        packet from one more is refused with {@link SrtpException.Reason#UNKNOWN_SSRC}
 * @param maxLocalSsrcs how many of our own streams the session can protect
 * @param admitAnyRemoteSsrc when true, a packet from an SSRC not yet seen that authenticates opens a stream (up to
 *        the limit); when false, only SSRCs given to {@link SrtpSession#admitRemoteSsrc(int)} are accepted
 */
public record SrtpConfig(int replayWindowPackets, int maxRemoteSsrcs, int maxLocalSsrcs, boolean admitAnyRemoteSsrc) {
    public static final int DEFAULT_REPLAY_WINDOW = 1024;
    public static final int DEFAULT_MAX_SSRCS = 64;

    public SrtpConfig {
        if (replayWindowPackets < 64 || replayWindowPackets % 64 != 0 || replayWindowPackets > 1 << 15) {
            throw new IllegalArgumentException("replay window must be a multiple of 64 in [64, 32768], got "
                    + replayWindowPackets);
        }
        if (maxRemoteSsrcs < 1 || maxLocalSsrcs < 1) {
            throw new IllegalArgumentException("SSRC limits must be at least 1");
        }
    }

    /** A 1024-packet replay window, 64 streams each way, any authenticated remote SSRC admitted. */
    public static SrtpConfig defaults() {
        return new SrtpConfig(DEFAULT_REPLAY_WINDOW, DEFAULT_MAX_SSRCS, DEFAULT_MAX_SSRCS, true);
    }

    public SrtpConfig withReplayWindow(int packets) {
        return new SrtpConfig(packets, maxRemoteSsrcs, maxLocalSsrcs, admitAnyRemoteSsrc);
    }

    public SrtpConfig withMaxRemoteSsrcs(int count) {
        return new SrtpConfig(replayWindowPackets, count, maxLocalSsrcs, admitAnyRemoteSsrc);
    }

    public SrtpConfig withMaxLocalSsrcs(int count) {
        return new SrtpConfig(replayWindowPackets, maxRemoteSsrcs, count, admitAnyRemoteSsrc);
    }

    public SrtpConfig withAdmitAnyRemoteSsrc(boolean any) {
        return new SrtpConfig(replayWindowPackets, maxRemoteSsrcs, maxLocalSsrcs, any);
    }
}
