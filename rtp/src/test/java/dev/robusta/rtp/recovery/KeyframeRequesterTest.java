package dev.robusta.rtp.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.robusta.rtp.Hex;
import dev.robusta.rtp.rtcp.FullIntraRequest;
import dev.robusta.rtp.rtcp.PictureLossIndication;
import dev.robusta.rtp.rtcp.RtcpCompound;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyframeRequesterTest {
    @Test
    void plisWhenFirIsNotNegotiated() {
        KeyframeRequester r = new KeyframeRequester(0xA, 0xB, false);
        assertEquals(new PictureLossIndication(0xA, 0xB), r.request());
        assertEquals(new PictureLossIndication(0xA, 0xB), r.request());
        assertEquals(2, r.requests());
    }

    @Test
    void firSequenceAdvancesOnlyForNewRequests() {
        KeyframeRequester r = new KeyframeRequester(0xA, 0xB, true);
        FullIntraRequest first = (FullIntraRequest) r.request();
        // RFC 5104 4.3.1.1: media SSRC 0, the stream in the FCI entry with the command sequence number.
        assertArrayEquals(Hex.bytes("84ce0004 0000000a 00000000 0000000b 00000000"),
                RtcpCompound.toBytes(List.of(first)));
        assertEquals(0, ((FullIntraRequest) r.request()).entries().get(0).sequenceNumber(), "a repeat");
        r.onKeyframeReceived();
        assertEquals(1, ((FullIntraRequest) r.request()).entries().get(0).sequenceNumber(), "a new request");
        for (int i = 2; i < 300; i++) {
            r.onKeyframeReceived();
            assertEquals(i & 0xFF, ((FullIntraRequest) r.request()).entries().get(0).sequenceNumber());
        }
        assertEquals(301, r.requests(), "every request counts, repeats too");
    }
}
