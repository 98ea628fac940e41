package dev.robusta.codec.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameScalerTest {

    @Test
    void sameSizeIsAnExactCopy() {
        I420Frame src = I420Frame.allocate(33, 17);
        Random random = new Random(3);
        random.nextBytes(src.y());
        random.nextBytes(src.u());
        random.nextBytes(src.v());
        I420Frame dst = I420Frame.allocate(33, 17);
        new FrameScaler(33, 17, 33, 17).scale(src, dst);
        assertArrayEquals(src.y(), dst.y());
        assertArrayEquals(src.u(), dst.u());
        assertArrayEquals(src.v(), dst.v());
    }

    @Test
    void halvingAveragesPairsOfPixels() {
        // Columns alternate 0 and 200: every destination pixel of a 2:1 reduction sits between two of them.
        I420Frame src = I420Frame.allocate(8, 4);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                src.y()[y * 8 + x] = (byte) ((x & 1) == 0 ? 0 : 200);
            }
        }
        I420Frame dst = I420Frame.allocate(4, 2);
        new FrameScaler(8, 4, 4, 2).scale(src, dst);
        for (int i = 0; i < 8; i++) {
            assertEquals(100, dst.y()[i] & 0xff, "pixel " + i);
        }
    }

    @Test
    void upscalingAGradientInterpolatesMonotonically() {
        I420Frame src = I420Frame.allocate(4, 1);
        for (int x = 0; x < 4; x++) {
            src.y()[x] = (byte) (x * 80);
        }
        I420Frame dst = I420Frame.allocate(16, 3);
        new FrameScaler(4, 1, 16, 3).scale(src, dst);
        for (int row = 0; row < 3; row++) {
            assertEquals(0, dst.y()[row * 16] & 0xff);
            assertEquals(240, dst.y()[row * 16 + 15] & 0xff);
            for (int x = 1; x < 16; x++) {
                assertTrue((dst.y()[row * 16 + x] & 0xff) >= (dst.y()[row * 16 + x - 1] & 0xff));
            }
        }
        // Centre-aligned: destination pixel 2 (centre 2.5/16 of the width) samples source position 0.125.
        assertEquals(10, dst.y()[2] & 0xff);
    }

    @Test
    void flatColourStaysFlatInBothFormats() {
        Rgb24Frame rgb = Rgb24Frame.allocate(50, 30);
        for (int i = 0; i < rgb.data().length; i += 3) {
            rgb.data()[i] = 12;
            rgb.data()[i + 1] = (byte) 200;
            rgb.data()[i + 2] = 99;
        }
        Rgb24Frame out = Rgb24Frame.allocate(23, 71);
        new FrameScaler(50, 30, 23, 71).scale(rgb, out);
        for (int i = 0; i < out.data().length; i += 3) {
            assertEquals(12, out.data()[i]);
            assertEquals(200, out.data()[i + 1] & 0xff);
            assertEquals(99, out.data()[i + 2]);
        }
        I420Frame yuv = I420Frame.allocate(50, 30);
        Arrays.fill(yuv.y(), (byte) 77);
        Arrays.fill(yuv.u(), (byte) 140);
        Arrays.fill(yuv.v(), (byte) 99);
        I420Frame small = I420Frame.allocate(7, 5);
        new FrameScaler(50, 30, 7, 5).scale(yuv, small);
        for (byte b : small.y()) {
            assertEquals(77, b);
        }
        for (byte b : small.u()) {
            assertEquals(140, b & 0xff);
        }
    }

    @Test
    void scalingAllocatesNothingAndChecksSizes() {
        I420Frame src = I420Frame.allocate(640, 480);
        I420Frame dst = I420Frame.allocate(320, 180);
        FrameScaler scaler = new FrameScaler(640, 480, 320, 180);
        long bytes = Allocations.measure(20, () -> scaler.scale(src, dst));
        assertTrue(bytes < 1024, "scaling allocated " + bytes + " bytes over 20 calls");
        assertThrows(IllegalArgumentException.class, () -> scaler.scale(dst, src));
    }
}
