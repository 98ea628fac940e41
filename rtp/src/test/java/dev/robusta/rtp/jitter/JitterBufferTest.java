package dev.robusta.rtp.jitter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The jitter buffer's frame boundaries when packets come out of order around a keyframe start. */
class JitterBufferTest {
    /** Byte 0: bit 0 frame start, bit 1 keyframe (as the loss simulation's test format). */
    private static final PayloadInspector INSPECTOR = new PayloadInspector() {
        @Override
        public boolean isFrameStart(byte[] p, int off, int len) {
            return (p[off] & 1) != 0;
        }

        @Override
        public boolean isKeyframe(byte[] p, int off, int len) {
            return (p[off] & 2) != 0;
        }
    };

    /**
     * An H.264 keyframe is SPS/PPS then the IDR slice, and both begin an access unit. When the IDR packet arrives
     * first the buffer resumes there; the parameter sets, late but of the same timestamp, must join the frame
     * rather than be dropped as too old.
     */
    @Test
    void aLatePacketOfTheKeyframeWeResumedAtJoinsIt() {
        JitterBuffer jb = new JitterBuffer(64, 100, 500_000_000L, 100_000_000L, INSPECTOR);
        assertEquals(JitterBuffer.InsertResult.INSERTED, jb.insert(0, 11, 900, false, new byte[] {3, 11}, 0, 2));
        assertEquals(JitterBuffer.InsertResult.INSERTED, jb.insert(0, 12, 900, true, new byte[] {0, 12}, 0, 2));
        assertEquals(JitterBuffer.InsertResult.INSERTED, jb.insert(1, 10, 900, false, new byte[] {3, 10}, 0, 2));
        JitterBuffer.Frame f = jb.pollFrame(1);
        assertNotNull(f);
        assertEquals(10, f.firstSequence());
        assertEquals(3, f.packetCount());
        assertTrue(f.isKeyframe());
        // Once the frame is out, a packet before it is too old; so is one of another timestamp before a frame.
        assertEquals(JitterBuffer.InsertResult.TOO_OLD, jb.insert(2, 9, 900, false, new byte[] {3, 9}, 0, 2));
        assertEquals(JitterBuffer.InsertResult.INSERTED, jb.insert(2, 14, 1800, true, new byte[] {1, 14}, 0, 2));
        assertEquals(JitterBuffer.InsertResult.TOO_OLD, jb.insert(2, 12, 1800, false, new byte[] {0, 12}, 0, 2));
        assertNull(jb.pollFrame(2), "13 is missing");
    }
}
