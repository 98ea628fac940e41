package dev.robusta.sctp.core;

import static dev.robusta.sctp.core.AssociationTest.drain;
import static dev.robusta.sctp.core.AssociationTest.established;
import static dev.robusta.sctp.core.AssociationTest.events;
import static org.junit.jupiter.api.Assertions.*;

import dev.robusta.sctp.wire.Bytes;
import dev.robusta.sctp.wire.Chunk;
import dev.robusta.sctp.wire.ErrorCause;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input handled as RFC 9260 says: dropped, reported, or (for DATA without data) aborted. */
class MalformedInputTest {
    private static byte[] payload(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** B as receiver; returns {a, b}. The DATA we forge uses A's next TSN as A would. */
    private static SctpAssociation[] pair() {
        return established(50);
    }

    private static byte[] dataFromA(SctpAssociation a, SctpAssociation b, int tsnOffset, String text) {
        return Packets.data(0x03, a.ourNextTsn() + tsnOffset, 0, 0, 51, payload(text));
    }

    private static void input(SctpAssociation x, byte[] p) {
        x.handleInput(p, 0, p.length, 0);
    }

    @ParameterizedTest(name = "type {0}: skip={1} report={2}")
    @CsvSource({"63, false, false", "127, false, true", "191, true, false", "255, true, true"})
    void unknownChunkTypesFollowTheirHighBits(int type, boolean processRest, boolean report) {
        SctpAssociation[] ab = pair();
        SctpAssociation a = ab[0];
        SctpAssociation b = ab[1];
        byte[] p = Packets.packet(b.localTag(), Packets.chunk(type, 0, new byte[] {1, 2, 3, 4, 5}),
                dataFromA(a, b, 0, "after unknown"));
        input(b, p);
        List<SctpEvent> ev = events(b);
        assertEquals(processRest ? 1 : 0, ev.size(), "DATA after the unknown chunk processed: " + processRest);
        List<byte[]> out = drain(b, 0);
        boolean errorSent = out.stream().anyMatch(q -> {
            int at = Packets.find(q, Chunk.ERROR);
            return at > 0 && Bytes.u16(q, at + 4) == ErrorCause.UNRECOGNIZED_CHUNK_TYPE
                    && (q[at + 8] & 0xFF) == type;
        });
        assertEquals(report, errorSent, "ERROR with Unrecognized Chunk Type sent: " + report);
        assertTrue(b.isEstablished());
        assertNull(b.checkInvariants());
    }

    @Test
    void badVerificationTagIsDropped() {
        SctpAssociation[] ab = pair();
        SctpAssociation b = ab[1];
        long dropped = b.packetsDropped();
        input(b, Packets.packet(b.localTag() ^ 0x100, dataFromA(ab[0], b, 0, "x")));
        assertEquals(dropped + 1, b.packetsDropped());
        assertTrue(events(b).isEmpty());
        assertTrue(drain(b, 0).isEmpty(), "no answer to a foreign tag");
        input(b, Packets.packet(b.localTag(), dataFromA(ab[0], b, 0, "x")));
        assertEquals(1, events(b).size(), "the right tag is accepted");
    }

    @Test
    void badChecksumIsDropped() {
        SctpAssociation[] ab = pair();
        SctpAssociation b = ab[1];
        byte[] p = Packets.packet(b.localTag(), dataFromA(ab[0], b, 0, "x"));
        p[p.length - 1] ^= 1;
        input(b, p);
        assertEquals(1, b.badChecksums());
        assertTrue(events(b).isEmpty());
    }

    @Test
    void badChunkLengthsDropTheWholePacket() {
        SctpAssociation[] ab = pair();
        SctpAssociation b = ab[1];
        byte[] good = dataFromA(ab[0], b, 0, "abcd");
        byte[] tooShort = Packets.chunk(Chunk.HEARTBEAT, 0, new byte[4], 3);
        byte[] tooLong = Packets.chunk(Chunk.HEARTBEAT, 0, new byte[4], 400);
        for (byte[] bad : new byte[][] {tooShort, tooLong}) {
            input(b, Packets.packet(b.localTag(), good, bad));
            assertTrue(events(b).isEmpty(), "DATA in a packet with a malformed chunk is not delivered");
        }
        input(b, new byte[] {0, 1, 2});
        byte[] sackWrongCounts = Packets.chunk(Chunk.SACK, 0, new byte[] {0, 0, 0, 1, 0, 0, 1, 0, 0, 5, 0, 0});
        input(b, Packets.packet(b.localTag(), sackWrongCounts));
        assertTrue(b.isEstablished());
        assertNull(b.checkInvariants());
        input(b, Packets.packet(b.localTag(), good));
        assertEquals(1, events(b).size());
    }

    @Test
    void dataWithoutUserDataAbortsTheAssociation() {
        SctpAssociation[] ab = pair();
        SctpAssociation b = ab[1];
        byte[] empty = Packets.chunk(Chunk.DATA, 3, new byte[12]);
        input(b, Packets.packet(b.localTag(), empty));
        assertTrue(b.isEnded());
        byte[] abort = drain(b, 0).get(0);
        int at = Packets.find(abort, Chunk.ABORT);
        assertEquals(ErrorCause.NO_USER_DATA, Bytes.u16(abort, at + 4));
    }

    @Test
    void outOfWindowTsnIsDroppedAndOldTsnIsReportedDuplicate() {
        SctpAssociation[] ab = pair();
        SctpAssociation a = ab[0];
        SctpAssociation b = ab[1];
        int cumBefore = b.peerCumulativeTsn();
        input(b, Packets.packet(b.localTag(), dataFromA(a, b, 1 << 20, "far ahead")));
        assertTrue(events(b).isEmpty());
        assertEquals(cumBefore, b.peerCumulativeTsn());
        input(b, Packets.packet(b.localTag(), dataFromA(a, b, -(1 << 20), "far behind")));
        assertTrue(events(b).isEmpty());
        List<byte[]> out = drain(b, 0);
        int at = Packets.find(out.get(0), Chunk.SACK);
        assertTrue(at > 0, "a duplicate is acknowledged at once");
        byte[] sack = out.get(0);
        assertEquals(cumBefore, Bytes.i32(sack, at + 4));
        assertEquals(0, Bytes.u16(sack, at + 12), "no gap block for the out-of-window TSN");
        assertEquals(1, Bytes.u16(sack, at + 14), "one duplicate TSN");
        assertEquals(a.ourNextTsn() - (1 << 20), Bytes.i32(sack, at + 16));
    }

    @Test
    void invalidStreamIsReportedAndNotDelivered() {
        SctpAssociation[] ab = pair();
        SctpAssociation b = ab[1];
        // Both sides offer 65535 streams, so 65535 is out of range.
        byte[] d = Packets.data(0x03, ab[0].ourNextTsn(), 65535, 0, 53, new byte[] {1});
        input(b, Packets.packet(b.localTag(), d));
        assertTrue(events(b).isEmpty());
        byte[] err = drain(b, 0).stream().filter(q -> Packets.find(q, Chunk.ERROR) > 0).findFirst().orElseThrow();
        assertEquals(ErrorCause.INVALID_STREAM_IDENTIFIER, Bytes.u16(err, Packets.find(err, Chunk.ERROR) + 4));
    }

    @Test
    void initWithNonZeroTagOrBundledIsDropped() {
        SctpAssociation a = AssociationTest.assoc(60);
        SctpAssociation b = AssociationTest.assoc(61);
        a.connect(0);
        byte[] init = drain(a, 0).get(0);
        byte[] tagged = init.clone();
        Bytes.put32(tagged, 4, 1234);
        new dev.robusta.sctp.wire.SctpPacket().seal(tagged, 0, tagged.length);
        input(b, tagged);
        assertTrue(drain(b, 0).isEmpty());
        byte[] initChunk = java.util.Arrays.copyOfRange(init, 12, init.length);
        input(b, Packets.packet(0, initChunk, Packets.chunk(Chunk.COOKIE_ACK, 0, new byte[0])));
        assertTrue(drain(b, 0).isEmpty());
        input(b, init);
        assertEquals(1, drain(b, 0).size(), "the well-formed INIT is answered");
    }
}
