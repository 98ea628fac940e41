package dev.robusta.dtls.srtp;

import java.util.EnumMap;
import java.util.Map;

/**
 * Live counters of one {@link SrtpSession}. Each counter is written only by the thread driving that direction
 * (protect or unprotect), without synchronisation: a reader on another thread sees recent, not exact, values.
 */
public final class SrtpStats {
    private static final SrtpException.Reason[] REASONS = SrtpException.Reason.values();

    long rtpProtected;
    long rtcpProtected;
    long rtpUnprotected;
    long rtcpUnprotected;
    final long[] rejectedOnProtect = new long[REASONS.length];
    final long[] rejectedOnUnprotect = new long[REASONS.length];

    SrtpStats() {}

    /** RTP packets protected (sent). */
    public long rtpProtected() {
        return rtpProtected;
    }

    /** RTCP packets protected (sent). */
    public long rtcpProtected() {
        return rtcpProtected;
    }

    /** SRTP packets that authenticated and were decrypted (received). */
    public long rtpUnprotected() {
        return rtpUnprotected;
    }

    /** SRTCP packets that authenticated and were decrypted (received). */
    public long rtcpUnprotected() {
        return rtcpUnprotected;
    }

    /** Received packets refused for this reason. */
    public long rejectedOnUnprotect(SrtpException.Reason reason) {
        return rejectedOnUnprotect[reason.ordinal()];
    }

    /** Packets to send refused for this reason (no room, exhausted index, malformed, stream limit). */
    public long rejectedOnProtect(SrtpException.Reason reason) {
        return rejectedOnProtect[reason.ordinal()];
    }

    /** All received packets refused, whatever the reason. */
    public long rejectedOnUnprotect() {
        long sum = 0;
        for (long n : rejectedOnUnprotect) {
            sum += n;
        }
        return sum;
    }

    /** The non-zero refusal counts of received packets, by reason. */
    public Map<SrtpException.Reason, Long> unprotectRejections() {
        Map<SrtpException.Reason, Long> map = new EnumMap<>(SrtpException.Reason.class);
        for (SrtpException.Reason r : REASONS) {
            if (rejectedOnUnprotect[r.ordinal()] != 0) {
                map.put(r, rejectedOnUnprotect[r.ordinal()]);
            }
        }
        return map;
    }

    @Override
    public String toString() {
        return "SrtpStats[rtp out " + rtpProtected + ", rtcp out " + rtcpProtected + ", rtp in " + rtpUnprotected
                + ", rtcp in " + rtcpUnprotected + ", rejected in " + unprotectRejections() + "]";
    }
}
