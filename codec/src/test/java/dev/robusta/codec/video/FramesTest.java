package dev.robusta.codec.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void i420LayoutRoundsChromaUp() {
        I420Frame f = I420Frame.allocate(5, 3);
        assertEquals(3, f.chromaWidth());
        assertEquals(2, f.chromaHeight());
        assertEquals(15 + 2 * 6, f.sizeBytes());
        assertEquals(5, f.yStride());
        assertEquals(3, f.uStride());
    }

    @Test
    void packedRoundTripThroughWrappedBuffer() {
        byte[] packed = new byte[I420Frame.sizeBytes(7, 5) + 3];
        new Random(1).nextBytes(packed);
        I420Frame wrapped = I420Frame.wrap(7, 5, packed, 3);
        assertEquals(packed[3], wrapped.y()[wrapped.yOffset()]);
        assertEquals(packed[3 + 35], wrapped.u()[wrapped.uOffset()]);
        assertEquals(packed[3 + 35 + 12], wrapped.v()[wrapped.vOffset()]);
        I420Frame copy = I420Frame.allocate(1, 1);
        wrapped.copyTo(copy);
        byte[] out = new byte[copy.sizeBytes()];
        copy.writePacked(out, 0);
        byte[] expected = java.util.Arrays.copyOfRange(packed, 3, packed.length);
        assertArrayEquals(expected, out);
        I420Frame read = I420Frame.allocate(7, 5);
        read.readPacked(packed, 3);
        byte[] again = new byte[read.sizeBytes()];
        read.writePacked(again, 0);
        assertArrayEquals(expected, again);
    }

    @Test
    void reshapeKeepsLargeEnoughPlanesAndAllocatesOtherwise() {
        I420Frame f = I420Frame.allocate(64, 64);
        byte[] y = f.y();
        f.reshape(32, 32);
        assertSame(y, f.y());
        assertEquals(64, f.yStride());
        f.reshape(128, 16);
        assertNotSame(y, f.y());
        assertEquals(128, f.yStride());
        Rgb24Frame r = Rgb24Frame.allocate(10, 10);
        byte[] d = r.data();
        r.reshape(5, 5);
        assertSame(d, r.data());
        r.reshape(20, 20);
        assertNotSame(d, r.data());
        assertEquals(60, r.stride());
    }

    @Test
    void badGeometryIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> I420Frame.allocate(0, 5));
        assertThrows(IllegalArgumentException.class, () -> I420Frame.allocate(5, 20000));
        assertThrows(IndexOutOfBoundsException.class, () -> I420Frame.wrap(4, 4, new byte[23], 0));
        assertThrows(IllegalArgumentException.class,
                () -> I420Frame.wrap(4, 4, new byte[16], 0, 3, new byte[4], 0, 2, new byte[4], 0, 2));
        assertThrows(IllegalArgumentException.class, () -> Rgb24Frame.wrap(4, 4, new byte[47]));
        assertThrows(IllegalArgumentException.class, () -> Rgb24Frame.wrap(4, 4, new byte[100], 0, 11));
    }

    @Test
    void audioFrameInterleavesChannels() {
        short[] pcm = {1, -1, 2, -2, 3, -3};
        AudioFrame f = AudioFrame.wrap(pcm, 0, 48000, 2, 3);
        assertEquals(-2, f.sample(1, 1));
        assertEquals(3, f.sample(2, 0));
        assertEquals(62, f.durationMicros());
        f.reshape(8000, 1, 6);
        assertSame(pcm, f.samples());
        f.reshape(8000, 1, 7);
        assertEquals(7, f.samples().length);
        assertThrows(IllegalArgumentException.class, () -> AudioFrame.allocate(0, 1, 10));
        assertThrows(IndexOutOfBoundsException.class, () -> f.sample(7, 0));
    }
}
