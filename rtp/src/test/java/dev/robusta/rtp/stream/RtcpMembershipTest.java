package dev.robusta.rtp.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.rtp.MalformedPacketException;
import dev.robusta.rtp.rtcp.Goodbye;
import dev.robusta.rtp.rtcp.ReceiverReport;
import dev.robusta.rtp.rtcp.RtcpCompound;
import dev.robusta.rtp.rtcp.RtcpPacket;
import dev.robusta.rtp.rtcp.SenderReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/**
 * The RFC 3550 member table in virtual time (6.3.4, 6.3.5, 6.3.8): members time out after five deterministic
 * intervals of silence, senders are demoted after two report intervals without RTP, BYE and timeouts bring the
 * next report forward. Each test drives one session at 10 ms steps with scripted input.
 */
class RtcpMembershipTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;
    private static final long LOCAL = 0x1;
    /** RFC 3550 6.3.1, the largest randomized interval for a 5 s minimum: 1.5 * 5 s / (e - 3/2). */
    private static final long MAX_T = (long) (1.5 * 5 / (Math.E - 1.5) * 1e9);
    private static final long MIN_T = (long) (0.5 * 5 / (Math.E - 1.5) * 1e9);

    private final RtcpSession session = new RtcpSession("local", 2_000_000, RtcpSession.DEFAULT_MIN_INTERVAL_NANOS,
            new Random(11), 0);
    private final List<long[]> checks = new ArrayList<>(); // {now, members, senders} after each expiry
    private final List<Object[]> reports = new ArrayList<>(); // {now, packets}
    private final List<long[]> timedOut = new ArrayList<>(); // {now, ssrc}

    /** Steps 10 ms at a time to {@code endNanos}; {@code input} runs first at every step. */
    private void drive(long fromNanos, long endNanos, LongConsumer input) throws MalformedPacketException {
        for (long now = fromNanos; now <= endNanos; now += 10 * MS) {
            input.accept(now);
            if (now >= session.pollDeadline()) {
                session.handleTimeout(now);
                checks.add(new long[] {now, session.memberCount(), session.senderCount()});
            }
            for (byte[] b; (b = session.pollTransmit()) != null; ) {
                reports.add(new Object[] {now, RtcpCompound.parse(b)});
            }
            for (long ssrc : session.pollTimeouts()) {
                timedOut.add(new long[] {now, ssrc});
            }
        }
    }

    private static List<RtcpPacket> rr(long ssrc) {
        return List.of(new ReceiverReport(ssrc, List.of()));
    }

    @Test
    void silentMembersTimeOutAfterFiveDeterministicIntervals() throws MalformedPacketException {
        session.addSendStream(LOCAL, 90_000);
        long silentFrom = 1 * S;
        drive(0, 40 * S, now -> {
            if (now < silentFrom && now % (500 * MS) == 0) {
                session.onRtcp(now, rr(0x10), 40); // goes silent after 1 s
            }
            if (now % (2 * S) == 0) {
                session.onRtcp(now, rr(0x20), 40); // keeps reporting
            }
        });
        // 3 members (us, 0x10, 0x20) at 5 kB/s of RTCP: Td is the fixed 5 s minimum, so M * Td = 25 s.
        assertEquals(5 * S, session.deterministicReceiverIntervalNanos());
        assertEquals(1, timedOut.size(), "only the silent member times out");
        assertEquals(0x10, timedOut.get(0)[1]);
        long lastHeard = silentFrom - 500 * MS;
        long at = timedOut.get(0)[0];
        // pollDeadline names the member's own timeout, so it goes at the first step at or after it.
        assertTrue(at >= lastHeard + 25 * S && at < lastHeard + 25 * S + 10 * MS, "after 5 Td of silence: " + at);
        for (long[] c : checks) {
            assertEquals(c[0] < at ? 3 : 2, c[1], "members at " + c[0]);
        }
    }

    @Test
    void aLargerSessionWaitsLonger() {
        // 8 kbit/s: RTCP gets 50 B/s, of which receivers 37.5 B/s; 30 members of ~128 bytes: Td = 102.4 s.
        RtcpSession s = new RtcpSession("x", 8_000, RtcpSession.DEFAULT_MIN_INTERVAL_NANOS, new Random(3), 0);
        for (int i = 0; i < 29; i++) {
            s.addReceiveStream(100 + i, 8000);
        }
        assertEquals(30, s.memberCount());
        assertEquals(30 * 128 / 50.0, s.deterministicReceiverIntervalNanos() / 1e9, 1e-6);
    }

    @Test
    void aRemoteSenderIsDemotedAfterTwoIntervalsWithoutRtp() throws MalformedPacketException {
        session.addSendStream(LOCAL, 90_000);
        long stopRtp = 20 * S;
        drive(0, 45 * S, now -> {
            if (now < stopRtp && now % (20 * MS) == 0) {
                session.onRtpReceived(now, 0x30);
            }
            if (now % (3 * S) == 0) {
                session.onRtcp(now, rr(0x30), 40); // still there, only no longer sending
            }
        });
        int before = 0;
        int after = 0;
        for (long[] c : checks) {
            if (c[0] > S && c[0] < stopRtp + 2 * MIN_T) {
                assertEquals(1, c[2], "a sender within two intervals of its last RTP, at " + c[0]);
                before++;
            } else if (c[0] > stopRtp + 2 * MAX_T) {
                assertEquals(0, c[2], "demoted two intervals after its last RTP, at " + c[0]);
                after++;
            }
            if (c[0] > 0) {
                assertEquals(2, c[1], "still a member: it sends RTCP");
            }
        }
        assertTrue(before >= 3 && after >= 2, before + " checks before, " + after + " after");
        assertTrue(timedOut.isEmpty());
    }

    @Test
    void weSendSenderReportsUntilTwoReportsAfterOurLastPacket() throws MalformedPacketException {
        SendStream out = session.addSendStream(LOCAL, 90_000);
        long stop = 15 * S;
        long lastPacket = stop - 20 * MS;
        drive(0, 40 * S, now -> {
            if (now <= lastPacket && now % (20 * MS) == 0) {
                out.onPacketSent(now, now / 1000 * 90 / 1000, 500, 12, false);
            }
        });
        long lastReportWhileSending = Long.MIN_VALUE;
        List<Boolean> srAfterStop = new ArrayList<>();
        for (Object[] r : reports) {
            @SuppressWarnings("unchecked")
            List<RtcpPacket> packets = (List<RtcpPacket>) r[1];
            boolean sr = packets.get(0) instanceof SenderReport;
            if ((long) r[0] <= lastPacket) {
                assertTrue(sr, "SR while sending");
                lastReportWhileSending = (long) r[0];
            } else {
                srAfterStop.add(sr);
            }
        }
        // RFC 3550 6.4: an SR if it sent "since issuing the last report or the previous one". A report at the
        // very step of the last packet already counts it (input comes first in a step).
        List<Boolean> expected = lastReportWhileSending < lastPacket ? List.of(true, true, false, false)
                : List.of(true, false, false, false);
        assertTrue(srAfterStop.size() >= 4, "reports after the stop: " + srAfterStop);
        assertEquals(expected, srAfterStop.subList(0, 4));
    }

    @Test
    void byeBringsTheNextReportForward() throws MalformedPacketException {
        session.addSendStream(LOCAL, 90_000);
        for (int i = 0; i < 9; i++) {
            session.onRtcp(0, rr(0x100 + i), 40);
        }
        session.handleTimeout(0);
        long firstReport = session.pollDeadline();
        session.handleTimeout(firstReport); // may reconsider once
        long due = session.pollDeadline();
        while (session.pollTransmit() == null) {
            session.handleTimeout(due);
            due = session.pollDeadline();
        }
        assertEquals(10, session.memberCount());
        long tc = due - (due - firstReport) / 3; // between two reports
        List<Long> leaving = List.of(0x100L, 0x101L, 0x102L, 0x103L, 0x104L);
        session.onRtcp(tc, List.of(new ReceiverReport(0x100, List.of()), new Goodbye(leaving, null)), 48);
        assertEquals(leaving, session.pollByes());
        assertEquals(5, session.memberCount());
        // RFC 3550 6.3.4: tn = tc + (members / pmembers) * (tn - tc), with pmembers 10 and members 5.
        assertEquals(tc + (long) (0.5 * (due - tc)), session.pollDeadline());
        // A BYE for a source that was never a member changes nothing.
        long moved = session.pollDeadline();
        session.onRtcp(tc + MS, List.of(Goodbye.of(0x999, "who?")), 16);
        assertEquals(moved, session.pollDeadline());
        assertTrue(session.pollByes().isEmpty());
    }

    @Test
    void aTimeoutBringsTheNextReportForwardToo() {
        // 4 kbit/s: 25 B/s of RTCP for 10 members, so reports are 10-40 s apart and Td is tens of seconds; the
        // nine silent members time out at their own deadline, between two reports.
        RtcpSession s = new RtcpSession("local", 4_000, RtcpSession.DEFAULT_MIN_INTERVAL_NANOS, new Random(12), 0);
        s.addSendStream(LOCAL, 90_000);
        for (int i = 0; i < 9; i++) {
            s.onRtcp(0, rr(0x200 + i), 40); // never heard again
        }
        s.handleTimeout(0);
        int reportsBefore = 0;
        for (int step = 0; step < 1000; step++) { // event-driven: straight to each deadline
            long now = s.pollDeadline();
            long tn = s.nextReportNanos();
            s.handleTimeout(now);
            reportsBefore += s.pollTransmit() != null ? 1 : 0;
            List<Long> gone = s.pollTimeouts();
            if (!gone.isEmpty()) {
                assertEquals(9, gone.size());
                assertTrue(now < tn, "timed out between reports, at its own deadline");
                // RFC 3550 6.3.4 after 6.3.5: tn = tc + (members / pmembers) * (tn - tc), 1 of 10 left.
                assertEquals(now + (long) (0.1 * (tn - now)), s.nextReportNanos());
                assertEquals(1, s.memberCount());
                assertTrue(reportsBefore >= 2, "reports before: " + reportsBefore);
                return;
            }
        }
        throw new AssertionError("no timeout");
    }

    @Test
    void aReceiveStreamNeverHeardTimesOutAndComesBackWhenHeard() throws MalformedPacketException {
        session.addSendStream(LOCAL, 90_000);
        ReceiveStream in = session.addReceiveStream(0x40, 90_000);
        long resume = 40 * S;
        int[] seq = {0};
        drive(0, 60 * S, now -> {
            if (now >= resume && now % (20 * MS) == 0) {
                in.onPacket(now, seq[0]++, now / 1000 * 90 / 1000, 100, 12, false);
                // no onRtpReceived: the session notices the stream's arrivals at its next check
            }
        });
        assertEquals(1, timedOut.size());
        long at = timedOut.get(0)[0];
        assertEquals(25 * S, at, "added before the first call at 0, silent since");
        int blocksAfterResume = 0;
        for (Object[] r : reports) {
            long when = (long) r[0];
            @SuppressWarnings("unchecked")
            ReceiverReport rr = assertInstanceOf(ReceiverReport.class, ((List<RtcpPacket>) r[1]).get(0));
            if (when > resume + MAX_T) {
                assertEquals(1, rr.reports().size(), "reported again once heard, at " + when);
                assertEquals(0x40, rr.reports().get(0).ssrc());
                blocksAfterResume++;
            }
        }
        assertTrue(blocksAfterResume >= 2);
        assertEquals(2, session.memberCount());
        assertEquals(1, session.senderCount());
    }

    @Test
    void aSessionThatSentNothingLeavesWithoutBye() {
        session.addSendStream(LOCAL, 90_000);
        session.handleTimeout(0);
        session.close(MS, "never spoke");
        assertNull(session.pollTransmit(), "RFC 3550 6.3.7: no BYE from one that never sent RTP or RTCP");
        assertEquals(Long.MAX_VALUE, session.pollDeadline());
    }

    @Test
    void ourOwnSsrcIsNotARemoteMember() {
        session.addSendStream(LOCAL, 90_000);
        session.onRtcp(0, rr(LOCAL), 40);
        session.onRtpReceived(0, LOCAL);
        assertEquals(1, session.memberCount());
    }

    @Test
    void aFloodOfNewSsrcsIsBounded() {
        for (int i = 0; i < 5000; i++) {
            session.onRtcp(0, rr(0x1000 + i), 40);
        }
        assertEquals(1 + RtcpSession.MAX_REMOTE_MEMBERS, session.memberCount());
    }

    /** A session of 61 members at 64 kbit/s that we leave at 10 s, hearing {@code otherByes} BYEs meanwhile. */
    private static long leaveLargeSession(int otherByes) throws MalformedPacketException {
        RtcpSession s = new RtcpSession("local", 64_000, RtcpSession.DEFAULT_MIN_INTERVAL_NANOS, new Random(13), 0);
        SendStream out = s.addSendStream(LOCAL, 90_000);
        for (int i = 0; i < 60; i++) {
            s.onRtcp(0, rr(0x300 + i), 40);
        }
        s.handleTimeout(0);
        out.onPacketSent(0, 0, 100, 12, false);
        long close = 10 * S;
        s.close(close, "bye");
        assertNull(s.pollTransmit(), "more than 50 members: the BYE waits (RFC 3550 6.3.7)");
        for (int step = 0; step < 10_000; step++) {
            long now = s.pollDeadline();
            assertTrue(now >= close && now < close + 600 * S, "deadline " + now);
            for (int i = 0; i < otherByes && step == 0; i++) {
                s.onRtcp(close + i * MS, List.of(Goodbye.of(0x400 + i, null)), 8);
            }
            s.handleTimeout(now);
            byte[] b = s.pollTransmit();
            if (b != null) {
                List<RtcpPacket> packets = RtcpCompound.parse(b);
                assertInstanceOf(Goodbye.class, packets.get(packets.size() - 1));
                assertEquals(Long.MAX_VALUE, s.pollDeadline());
                return now - close;
            }
        }
        throw new AssertionError("no BYE sent");
    }

    @Test
    void leavingALargeSessionBacksOffTheBye() throws MalformedPacketException {
        // Alone in leaving: scheduled as a first report among 1 member, 2.5 s minimum: at most 1.5 * 2.5 / 1.218 s.
        long alone = leaveLargeSession(0);
        assertTrue(alone > 0 && alone <= (long) (1.5 * 2.5 / (Math.E - 1.5) * 1e9), "alone: " + alone / 1e9);
        // 100 others leaving too: 101 BYEs of ~36 bytes at 400 B/s of RTCP is ~9 s deterministic, so the
        // reconsidered BYE waits at least half of that over e - 3/2.
        long crowded = leaveLargeSession(100);
        assertTrue(crowded >= (long) (0.5 * 101 * 36 / 400.0 / (Math.E - 1.5) * 1e9), "crowded: " + crowded / 1e9);
    }
}
