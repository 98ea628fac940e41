package dev.robusta.rtp.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.rtp.MalformedPacketException;
import dev.robusta.rtp.rtcp.ExtendedReport;
import dev.robusta.rtp.rtcp.Goodbye;
import dev.robusta.rtp.rtcp.ReceiverReport;
import dev.robusta.rtp.rtcp.RtcpCompound;
import dev.robusta.rtp.rtcp.RtcpPacket;
import dev.robusta.rtp.rtcp.SenderReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Two sessions joined by a fixed-delay link in virtual time: one sends video RTP, the other receives. */
class RtcpSessionTest {
    private static final long MS = 1_000_000L;
    private static final long ONE_WAY = 50 * MS;
    private static final long SENDER_SSRC = 0x1111;
    private static final long RECEIVER_SSRC = 0x2222;

    private final RtcpSession sender = new RtcpSession("sender@test", 2_000_000, RtcpSession.DEFAULT_MIN_INTERVAL_NANOS,
            new Random(1), 1_700_000_000_000_000_000L);
    private final RtcpSession receiver = new RtcpSession("receiver@test", 2_000_000,
            RtcpSession.DEFAULT_MIN_INTERVAL_NANOS, new Random(2), 1_700_000_000_123_000_000L);
    private final List<long[]> reportTimes = new ArrayList<>();
    private SenderReport lastSrDelivered;
    private long lastSrArrivalNanos;
    private long lastSrSentNanos;
    private int srsDelivered;
    private int dlrrsDelivered;

    /** Runs {@code seconds} of virtual time: 100 packets/s from sender to receiver, RTCP both ways. */
    private void run(int seconds, int lossEvery) throws MalformedPacketException {
        SendStream out = sender.addSendStream(SENDER_SSRC, 90_000);
        ReceiveStream in = receiver.addReceiveStream(SENDER_SSRC, 90_000);
        receiver.addSendStream(RECEIVER_SSRC, 90_000); // receive-only: reports as RR with this SSRC
        List<Object[]> inFlight = new ArrayList<>(); // {arrivalNanos, toReceiver?, bytes}
        int seq = 0;
        sender.handleTimeout(0);
        receiver.handleTimeout(0);
        for (long now = 0; now <= seconds * 1000 * MS; now += MS) {
            if (now % (10 * MS) == 0) {
                long ts = now / 1000 * 90 / 1000;
                out.onPacketSent(now, ts, 1000, 12, false);
                if (lossEvery == 0 || seq % lossEvery != 0) {
                    inFlight.add(new Object[] {now + ONE_WAY, true, null, seq, ts});
                }
                seq++;
            }
            for (RtcpSession s : new RtcpSession[] {sender, receiver}) {
                if (now >= s.pollDeadline()) {
                    s.handleTimeout(now);
                }
                for (byte[] b; (b = s.pollTransmit()) != null; ) {
                    inFlight.add(new Object[] {now + ONE_WAY, s == receiver, b, 0, 0L});
                    reportTimes.add(new long[] {s == sender ? 0 : 1, now});
                }
            }
            for (var it = inFlight.iterator(); it.hasNext(); ) {
                Object[] d = it.next();
                if ((long) d[0] > now) {
                    continue;
                }
                it.remove();
                if (d[2] == null) {
                    in.onPacket(now, (int) d[3] & 0xFFFF, (long) d[4], 1000, 12, false);
                    receiver.onRtpReceived(now, SENDER_SSRC);
                } else {
                    byte[] b = (byte[]) d[2];
                    RtcpSession to = (boolean) d[1] ? sender : receiver;
                    List<RtcpPacket> packets = RtcpCompound.parse(b);
                    for (RtcpPacket p : packets) {
                        if (to == receiver && p instanceof SenderReport sr) {
                            lastSrDelivered = sr;
                            lastSrArrivalNanos = now;
                            lastSrSentNanos = now - ONE_WAY;
                            srsDelivered++;
                        }
                        if (to == receiver && p instanceof ExtendedReport xr && xr.dlrrFor(RECEIVER_SSRC) != null) {
                            dlrrsDelivered++;
                        }
                    }
                    to.onRtcp(now, packets, b.length);
                }
            }
        }
    }

    @Test
    void reportsDescribeTheStreamAndGiveTheRoundTripTime() throws MalformedPacketException {
        run(30, 20); // 5 % loss
        RemoteInboundRtpStats remote = sender.sendStream(SENDER_SSRC).remoteStats();
        assertTrue(remote.reportsReceived() >= 3, "reports " + remote.reportsReceived());
        assertEquals(0.100, remote.roundTripTime(), 0.0005, "RTT from LSR/DLSR over a 50 ms one-way link");
        assertTrue(remote.roundTripTimeMeasurements() >= 2);
        assertEquals(0.05, remote.fractionLost(), 0.01);
        InboundRtpStats in = receiver.receiveStream(SENDER_SSRC).stats();
        assertEquals(remote.packetsLost(), in.packetsLost(), 25, "the report lags the receiver's live count");
        assertEquals(150, in.packetsLost(), 2);
        OutboundRtpStats out = sender.sendStream(SENDER_SSRC).stats();
        assertEquals(3001, out.packetsSent());
        assertEquals(3001 * 1000, out.bytesSent());
    }

    @Test
    void remoteOutboundRtpFromSenderReportsWithDlrrRoundTripTime() throws MalformedPacketException {
        receiver.setReceiverReferenceTimeReports(true); // the receive-only side asks for DLRR (RFC 3611)
        assertNull(receiver.addReceiveStream(SENDER_SSRC, 90_000).remoteOutboundStats(), "no SR yet");
        run(30, 20);
        RemoteOutboundRtpStats remote = receiver.receiveStream(SENDER_SSRC).remoteOutboundStats();
        assertEquals("remote-outbound-rtp", RemoteOutboundRtpStats.TYPE);
        assertEquals(SENDER_SSRC, remote.ssrc());
        assertTrue(srsDelivered >= 4, "SRs " + srsDelivered);
        assertEquals(srsDelivered, remote.reportsSent());
        assertEquals(lastSrDelivered.packetCount(), remote.packetsSent());
        assertEquals(lastSrDelivered.octetCount(), remote.bytesSent());
        assertEquals(lastSrDelivered.packetCount() * 1000, remote.bytesSent(), "1000-byte payloads");
        assertEquals(lastSrArrivalNanos / 1e6, remote.timestamp(), 1e-9);
        // The sender's clock is 1_700_000_000 s after the virtual clock's zero, in NTP the SR's send time.
        assertEquals((1_700_000_000_000_000_000L + lastSrSentNanos) / 1e6, remote.remoteTimestamp(), 0.001);
        // Every SR after the first RRTR arrived carries a DLRR for us, and each gives the 100 ms round trip.
        assertTrue(dlrrsDelivered >= 3, "DLRRs " + dlrrsDelivered);
        assertEquals(dlrrsDelivered, remote.roundTripTimeMeasurements());
        assertEquals(0.100, remote.roundTripTime(), 0.0005);
        assertEquals(0.100 * dlrrsDelivered, remote.totalRoundTripTime(), 0.0005 * dlrrsDelivered);
    }

    @Test
    void withoutRrtrThereIsNoRemoteOutboundRoundTripTime() throws MalformedPacketException {
        run(20, 0);
        RemoteOutboundRtpStats remote = receiver.receiveStream(SENDER_SSRC).remoteOutboundStats();
        assertEquals(srsDelivered, remote.reportsSent());
        assertEquals(0, dlrrsDelivered);
        assertTrue(Double.isNaN(remote.roundTripTime()));
        assertEquals(0, remote.roundTripTimeMeasurements());
    }

    @Test
    void intervalsFollowTheRfc3550Rules() throws MalformedPacketException {
        run(120, 0);
        // Deterministic minimum 5 s (2.5 s for the first), randomized by [0.5, 1.5] and divided by e - 3/2.
        double low = 0.5 * 5 / (Math.E - 1.5);
        double high = 1.5 * 5 / (Math.E - 1.5);
        long[] last = {Long.MIN_VALUE, Long.MIN_VALUE};
        int[] count = new int[2];
        for (long[] r : reportTimes) {
            int who = (int) r[0];
            if (last[who] != Long.MIN_VALUE) {
                double gap = (r[1] - last[who]) / 1e9;
                assertTrue(gap >= low - 0.002 && gap <= high + 0.002, "gap " + gap);
            } else {
                assertTrue(r[1] / 1e9 <= high / 2 + 0.002, "first report at " + r[1] / 1e9);
            }
            last[who] = r[1];
            count[who]++;
        }
        double mean = 5 / (Math.E - 1.5);
        assertEquals(120 / mean, count[0], 8);
        assertEquals(120 / mean, count[1], 8);
    }

    @Test
    void lowBandwidthStretchesTheInterval() {
        // 8 kbit/s: RTCP gets 50 bytes/s; 40 members of ~128 bytes need about 100 s between reports.
        RtcpSession s = new RtcpSession("x", 8_000, RtcpSession.DEFAULT_MIN_INTERVAL_NANOS, new Random(3), 0);
        for (int i = 0; i < 39; i++) {
            s.addReceiveStream(100 + i, 8000);
        }
        s.handleTimeout(0);
        double t = s.lastIntervalNanos() / 1e9 * (Math.E - 1.5);
        assertTrue(t >= 0.5 * 40 * 128 / 50.0 && t <= 1.5 * 40 * 128 / 50.0, "interval " + t);
    }

    @Test
    void byeRemovesTheSource() throws MalformedPacketException {
        run(6, 0);
        sender.close(6_000 * MS, "done");
        byte[] last = sender.pollTransmit();
        assertNotNull(last);
        List<RtcpPacket> packets = RtcpCompound.parse(last);
        assertInstanceOf(SenderReport.class, packets.get(0));
        Goodbye bye = assertInstanceOf(Goodbye.class, packets.get(packets.size() - 1));
        assertEquals("done", bye.reasonText());
        receiver.onRtcp(6_050 * MS, packets, last.length);
        assertEquals(List.of(SENDER_SSRC), receiver.pollByes());
        assertNull(receiver.receiveStream(SENDER_SSRC));
        assertEquals(Long.MAX_VALUE, sender.pollDeadline());
    }

    @Test
    void receiveOnlySideSendsReceiverReports() throws MalformedPacketException {
        List<RtcpPacket> seen = new ArrayList<>();
        RtcpSession r = new RtcpSession("r", 1_000_000, 1_000 * MS, new Random(4), 0);
        r.addSendStream(RECEIVER_SSRC, 90_000);
        ReceiveStream in = r.addReceiveStream(SENDER_SSRC, 90_000);
        in.onPacket(0, 10, 0, 100, 12, false);
        r.handleTimeout(0);
        byte[] report = null;
        for (int i = 0; i < 10 && report == null; i++) { // reconsideration may move the deadline once or twice
            r.handleTimeout(r.pollDeadline());
            report = r.pollTransmit();
        }
        seen.addAll(RtcpCompound.parse(report));
        ReceiverReport rr = assertInstanceOf(ReceiverReport.class, seen.get(0));
        assertEquals(RECEIVER_SSRC, rr.ssrc());
        assertEquals(SENDER_SSRC, rr.reports().get(0).ssrc());
        assertTrue(RtcpCompound.isFullCompound(seen));
    }
}
