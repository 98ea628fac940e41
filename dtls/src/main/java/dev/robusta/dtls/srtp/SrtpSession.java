package dev.robusta.dtls.srtp;

import dev.robusta.dtls.srtp.SrtpException.Reason;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SRTP and SRTCP (RFC 3711, RFC 7714) for one DTLS-SRTP association: protects our RTP/RTCP with the local keys
 * and unprotects the peer's with the remote keys, in place in the caller's buffer.
 *
 * <p>Session keys are derived once (RFC 3711 section 4.3, key derivation rate 0) and each cipher is keyed once;
 * per SSRC the session keeps only the rollover counter, highest sequence number and replay window (SRTP) or
 * index and replay window (SRTCP). Packets allocate nothing; the first packet of a new SSRC creates its state.
 *
 * <p>Threads: all protect calls must come from one thread at a time, and all unprotect calls (and the
 * admission methods) from one thread at a time; the two directions share no mutable state except the counters.
 */
public final class SrtpSession {
    private static final Logger LOG = LoggerFactory.getLogger(SrtpSession.class);
    private static final int RTP_HEADER = 12;
    private static final int RTCP_HEADER = 8;
    private static final long MAX_ROC = 0xFFFF_FFFFL;
    private static final Object ADMITTED = new Object();

    private final SrtpProfile profile;
    private final SrtpConfig config;
    private final SrtpStats stats = new SrtpStats();
    private final SrtpTransform rtpOut;
    private final SrtpTransform rtcpOut;
    private final SrtpTransform rtpIn;
    private final SrtpTransform rtcpIn;
    private final SsrcMap<RtpStream> localRtp;
    private final SsrcMap<RtcpSender> localRtcp;
    private final SsrcMap<RtpStream> remoteRtp;
    private final SsrcMap<ReplayWindow> remoteRtcp;
    private final SsrcMap<Object> admitted;
    // State of forgotten peer streams, reused for new ones so that SSRC churn allocates nothing either.
    private final RtpStream[] spareRtp;
    private int spareRtpCount;
    private final ReplayWindow[] spareRtcp;
    private int spareRtcpCount;

    /** A session with the {@link SrtpConfig#defaults() default} settings. */
    public SrtpSession(SrtpKeys keys) {
        this(keys, SrtpConfig.defaults());
    }

    public SrtpSession(SrtpKeys keys, SrtpConfig config) {
        this(keys.profile(),
                SrtpKdf.rtpKeys(keys.profile(), keys.localMasterKey(), keys.localMasterSalt()),
                SrtpKdf.rtcpKeys(keys.profile(), keys.localMasterKey(), keys.localMasterSalt()),
                SrtpKdf.rtpKeys(keys.profile(), keys.remoteMasterKey(), keys.remoteMasterSalt()),
                SrtpKdf.rtcpKeys(keys.profile(), keys.remoteMasterKey(), keys.remoteMasterSalt()),
                config);
    }

    /** From session keys directly: the RFC 7714 test vectors are given that way. */
    SrtpSession(SrtpProfile profile, SrtpKdf.SessionKeys localRtpKeys, SrtpKdf.SessionKeys localRtcpKeys,
                SrtpKdf.SessionKeys remoteRtpKeys, SrtpKdf.SessionKeys remoteRtcpKeys, SrtpConfig config) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.config = Objects.requireNonNull(config, "config");
        rtpOut = SrtpTransform.create(profile, localRtpKeys, false);
        rtcpOut = SrtpTransform.create(profile, localRtcpKeys, true);
        rtpIn = SrtpTransform.create(profile, remoteRtpKeys, false);
        rtcpIn = SrtpTransform.create(profile, remoteRtcpKeys, true);
        localRtp = new SsrcMap<>(config.maxLocalSsrcs());
        localRtcp = new SsrcMap<>(config.maxLocalSsrcs());
        remoteRtp = new SsrcMap<>(config.maxRemoteSsrcs());
        remoteRtcp = new SsrcMap<>(config.maxRemoteSsrcs());
        admitted = new SsrcMap<>(config.maxRemoteSsrcs());
        spareRtp = new RtpStream[config.maxRemoteSsrcs()];
        spareRtcp = new ReplayWindow[config.maxRemoteSsrcs()];
    }

    public SrtpProfile profile() {
        return profile;
    }

    public SrtpConfig config() {
        return config;
    }

    /** Live counters: packets each way and refusals by reason. */
    public SrtpStats stats() {
        return stats;
    }

    /** Bytes {@link #protectRtp} appends: the buffer needs this much room after the packet. */
    public int rtpOverhead() {
        return rtpOut.rtpOverhead();
    }

    /** Bytes {@link #protectRtcp} appends (SRTCP index word and tag). */
    public int rtcpOverhead() {
        return rtcpOut.rtcpOverhead();
    }

    /**
     * Lets packets from this peer SSRC in when {@link SrtpConfig#admitAnyRemoteSsrc()} is false (e.g. the SSRCs
     * the remote description announces). Returns false when as many SSRCs as the limit are already admitted.
     */
    public boolean admitRemoteSsrc(int ssrc) {
        if (admitted.get(ssrc) != null) {
            return true;
        }
        if (admitted.isFull()) {
            return false;
        }
        admitted.put(ssrc, ADMITTED);
        return true;
    }

    /** Drops a peer SSRC's state and admission (e.g. after RTCP BYE), freeing its place under the limit. */
    public void forgetRemoteSsrc(int ssrc) {
        admitted.remove(ssrc);
        RtpStream stream = remoteRtp.remove(ssrc);
        if (stream != null) {
            spareRtp[spareRtpCount++] = stream;
        }
        ReplayWindow window = remoteRtcp.remove(ssrc);
        if (window != null) {
            spareRtcp[spareRtcpCount++] = window;
        }
    }

    /**
     * Encrypts and authenticates the RTP packet {@code buf[off, off + len)} in place, appending the tag; the buffer
     * must have {@link #rtpOverhead()} bytes of room after the packet. Returns the SRTP packet's length.
     */
    public int protectRtp(byte[] buf, int off, int len) throws SrtpException {
        checkRange(buf, off, len, true);
        int headerLength = rtpHeaderLength(buf, off, len, true);
        if (buf.length - off - len < rtpOut.rtpOverhead()) {
            throw rejectOut(Reason.NO_ROOM);
        }
        int ssrc = ssrc(buf, off + 8);
        int seq = SrtpTransform.sequenceNumber(buf, off);
        RtpStream stream = localRtp.get(ssrc);
        if (stream == null) {
            if (localRtp.isFull()) {
                throw rejectOut(Reason.UNKNOWN_SSRC);
            }
            stream = new RtpStream(seq, null);
            localRtp.put(ssrc, stream);
        }
        long roc = stream.estimateRoc(seq);
        if (roc < 0) {
            throw rejectOut(Reason.TOO_OLD);
        }
        if (roc > MAX_ROC) {
            throw rejectOut(Reason.KEY_EXHAUSTED);
        }
        int out = rtpOut.protectRtp(buf, off, len, headerLength, ssrc, roc);
        stream.advance(roc, seq);
        stats.rtpProtected++;
        return out;
    }

    /**
     * Verifies, replay-checks and decrypts the SRTP packet {@code buf[off, off + len)} in place. Returns the RTP
     * packet's length (without the tag). On any refusal the buffer and the session state are unchanged.
     */
    public int unprotectRtp(byte[] buf, int off, int len) throws SrtpException {
        checkRange(buf, off, len, false);
        int tag = rtpIn.rtpOverhead();
        if (len < RTP_HEADER + tag) {
            throw rejectIn(Reason.TRUNCATED);
        }
        int headerLength = rtpHeaderLength(buf, off, len - tag, false);
        int ssrc = ssrc(buf, off + 8);
        int seq = SrtpTransform.sequenceNumber(buf, off);
        RtpStream stream = remoteRtp.get(ssrc);
        long roc;
        long index;
        if (stream == null) {
            admitNew(remoteRtp, ssrc);
            roc = 0; // the first packet of a stream sets the receiver's s_l (RFC 3711 section 3.3.1)
            index = seq;
        } else {
            roc = stream.estimateRoc(seq);
            if (roc < 0) {
                throw rejectIn(Reason.TOO_OLD);
            }
            if (roc > MAX_ROC) {
                throw rejectIn(Reason.KEY_EXHAUSTED);
            }
            index = roc << 16 | seq;
            Reason replay = stream.window.check(index);
            if (replay != null) {
                throw rejectIn(replay);
            }
        }
        if (!rtpIn.unprotectRtp(buf, off, len, headerLength, ssrc, roc)) {
            throw rejectIn(Reason.AUTH_FAILED);
        }
        if (stream == null) {
            if (spareRtpCount > 0) {
                stream = spareRtp[--spareRtpCount];
                spareRtp[spareRtpCount] = null;
                stream.reset(seq);
            } else {
                stream = new RtpStream(seq, new ReplayWindow(config.replayWindowPackets()));
            }
            remoteRtp.put(ssrc, stream);
        }
        stream.window.accept(index);
        stream.advance(roc, seq);
        stats.rtpUnprotected++;
        return len - tag;
    }

    /** Encrypts and authenticates an RTCP (compound) packet in place: {@code protectRtcp(buf, off, len, true)}. */
    public int protectRtcp(byte[] buf, int off, int len) throws SrtpException {
        return protectRtcp(buf, off, len, true);
    }

    /**
     * Protects the RTCP packet {@code buf[off, off + len)} in place, appending the E flag and SRTCP index and the
     * tag; the buffer must have {@link #rtcpOverhead()} bytes of room after the packet. With {@code encrypt}
     * false the packet is only authenticated (E=0, RFC 3711 section 3.4). Returns the SRTCP packet's length.
     */
    public int protectRtcp(byte[] buf, int off, int len, boolean encrypt) throws SrtpException {
        checkRange(buf, off, len, true);
        if (len < RTCP_HEADER) {
            throw rejectOut(Reason.TRUNCATED);
        }
        if ((buf[off] & 0xc0) != 0x80) {
            throw rejectOut(Reason.MALFORMED);
        }
        if (buf.length - off - len < rtcpOut.rtcpOverhead()) {
            throw rejectOut(Reason.NO_ROOM);
        }
        int ssrc = ssrc(buf, off + 4);
        RtcpSender sender = localRtcp.get(ssrc);
        if (sender == null) {
            if (localRtcp.isFull()) {
                throw rejectOut(Reason.UNKNOWN_SSRC);
            }
            sender = new RtcpSender();
            localRtcp.put(ssrc, sender);
        }
        if (sender.nextIndex > 0x7fff_ffff) {
            throw rejectOut(Reason.KEY_EXHAUSTED);
        }
        int out = rtcpOut.protectRtcp(buf, off, len, ssrc, (int) sender.nextIndex, encrypt);
        sender.nextIndex++;
        stats.rtcpProtected++;
        return out;
    }

    /**
     * Verifies, replay-checks and (when its E flag is set) decrypts the SRTCP packet {@code buf[off, off + len)} in
     * place. Returns the RTCP packet's length (without index word and tag).
     */
    public int unprotectRtcp(byte[] buf, int off, int len) throws SrtpException {
        checkRange(buf, off, len, false);
        int overhead = rtcpIn.rtcpOverhead();
        if (len < RTCP_HEADER + overhead) {
            throw rejectIn(Reason.TRUNCATED);
        }
        if ((buf[off] & 0xc0) != 0x80) {
            throw rejectIn(Reason.MALFORMED);
        }
        int ssrc = ssrc(buf, off + 4);
        int word = ssrc(buf, off + len - rtcpIn.rtcpIndexFromEnd());
        long index = word & 0x7fff_ffff;
        ReplayWindow window = remoteRtcp.get(ssrc);
        if (window == null) {
            admitNew(remoteRtcp, ssrc);
        } else {
            Reason replay = window.check(index);
            if (replay != null) {
                throw rejectIn(replay);
            }
        }
        if (!rtcpIn.unprotectRtcp(buf, off, len, ssrc, word)) {
            throw rejectIn(Reason.AUTH_FAILED);
        }
        if (window == null) {
            if (spareRtcpCount > 0) {
                window = spareRtcp[--spareRtcpCount];
                spareRtcp[spareRtcpCount] = null;
                window.reset();
            } else {
                window = new ReplayWindow(config.replayWindowPackets());
            }
            remoteRtcp.put(ssrc, window);
        }
        window.accept(index);
        stats.rtcpUnprotected++;
        return len - overhead;
    }

    /** Tests only: makes one of our SSRCs' next SRTCP index {@code index}, to reach the end of the index space. */
    void setNextRtcpIndex(int ssrc, long index) {
        RtcpSender sender = localRtcp.get(ssrc);
        if (sender == null) {
            sender = new RtcpSender();
            localRtcp.put(ssrc, sender);
        }
        sender.nextIndex = index;
    }

    private void admitNew(SsrcMap<?> streams, int ssrc) throws SrtpException {
        if (!config.admitAnyRemoteSsrc() && admitted.get(ssrc) == null) {
            throw rejectIn(Reason.UNKNOWN_SSRC);
        }
        if (streams.isFull()) {
            throw rejectIn(Reason.UNKNOWN_SSRC);
        }
    }

    /** The RTP header's length (fixed part, CSRCs, extension), which must fit in {@code limit} bytes. */
    private int rtpHeaderLength(byte[] buf, int off, int limit, boolean outbound) throws SrtpException {
        if (limit < RTP_HEADER) {
            throw reject(Reason.TRUNCATED, outbound);
        }
        int b0 = buf[off] & 0xff;
        if ((b0 & 0xc0) != 0x80) {
            throw reject(Reason.MALFORMED, outbound);
        }
        int length = RTP_HEADER + 4 * (b0 & 0x0f);
        if ((b0 & 0x10) != 0) {
            if (length + 4 > limit) {
                throw reject(Reason.MALFORMED, outbound);
            }
            length += 4 + 4 * ((buf[off + length + 2] & 0xff) << 8 | (buf[off + length + 3] & 0xff));
        }
        if (length > limit) {
            throw reject(Reason.MALFORMED, outbound);
        }
        return length;
    }

    private void checkRange(byte[] buf, int off, int len, boolean outbound) throws SrtpException {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            throw reject(Reason.INVALID_RANGE, outbound);
        }
    }

    private static int ssrc(byte[] buf, int off) {
        return (buf[off] & 0xff) << 24 | (buf[off + 1] & 0xff) << 16 | (buf[off + 2] & 0xff) << 8
                | (buf[off + 3] & 0xff);
    }

    private SrtpException reject(Reason reason, boolean outbound) {
        return outbound ? rejectOut(reason) : rejectIn(reason);
    }

    private SrtpException rejectIn(Reason reason) {
        stats.rejectedOnUnprotect[reason.ordinal()]++;
        if (LOG.isTraceEnabled()) {
            LOG.trace("SRTP {}: dropped a received packet: {}", profile.rfcName(), reason);
        }
        return SrtpException.of(reason);
    }

    private SrtpException rejectOut(Reason reason) {
        stats.rejectedOnProtect[reason.ordinal()]++;
        if (LOG.isTraceEnabled()) {
            LOG.trace("SRTP {}: refused to protect a packet: {}", profile.rfcName(), reason);
        }
        return SrtpException.of(reason);
    }

    /** An SRTP stream's rollover counter and highest sequence number, and when receiving, its replay window. */
    private static final class RtpStream {
        final ReplayWindow window;
        long roc;
        int highestSeq;

        RtpStream(int firstSeq, ReplayWindow window) {
            this.highestSeq = firstSeq;
            this.window = window;
        }

        void reset(int firstSeq) {
            roc = 0;
            highestSeq = firstSeq;
            window.reset();
        }

        /** The ROC this sequence number most likely belongs to (RFC 3711 section 3.3.1 and appendix A). */
        long estimateRoc(int seq) {
            if (highestSeq < 0x8000) {
                return seq - highestSeq > 0x8000 ? roc - 1 : roc;
            }
            return highestSeq - 0x8000 > seq ? roc + 1 : roc;
        }

        /** Moves the highest index forward when this packet is newer. */
        void advance(long packetRoc, int seq) {
            if (packetRoc > roc || (packetRoc == roc && seq > highestSeq)) {
                roc = packetRoc;
                highestSeq = seq;
            }
        }
    }

    /** The next SRTCP index of one of our SSRCs. */
    private static final class RtcpSender {
        long nextIndex;
    }
}
