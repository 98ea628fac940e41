package dev.robusta.codec.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ColorConverterTest {

    private static Rgb24Frame solid(int w, int h, int r, int g, int b) {
        Rgb24Frame f = Rgb24Frame.allocate(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = f.indexOf(x, y);
                f.data()[i] = (byte) r;
                f.data()[i + 1] = (byte) g;
                f.data()[i + 2] = (byte) b;
            }
        }
        return f;
    }

    private static int[] yuvOf(int r, int g, int b) {
        I420Frame out = I420Frame.allocate(2, 2);
        ColorConverter.rgb24ToI420(solid(2, 2, r, g, b), out);
        return new int[] {out.y()[0] & 0xff, out.u()[0] & 0xff, out.v()[0] & 0xff};
    }

    @Test
    void primariesMapToBt601LimitedRange() {
        assertArrayEquals3(new int[] {16, 128, 128}, yuvOf(0, 0, 0));
        assertArrayEquals3(new int[] {235, 128, 128}, yuvOf(255, 255, 255));
        assertArrayEquals3(new int[] {82, 90, 240}, yuvOf(255, 0, 0));
        assertArrayEquals3(new int[] {144, 54, 34}, yuvOf(0, 255, 0));
        assertArrayEquals3(new int[] {41, 240, 110}, yuvOf(0, 0, 255));
    }

    @Test
    void limitedRangeDecodesToFullRangeRgb() {
        Rgb24Frame rgb = Rgb24Frame.allocate(2, 2);
        I420Frame yuv = I420Frame.allocate(2, 2);
        fill(yuv, 16, 128, 128);
        ColorConverter.i420ToRgb24(yuv, rgb);
        assertPixel(rgb, 0, 0, 0, 0, 0);
        fill(yuv, 235, 128, 128);
        ColorConverter.i420ToRgb24(yuv, rgb);
        assertPixel(rgb, 1, 1, 255, 255, 255);
        // Out-of-range YUV (a super-white with strong chroma) clamps instead of wrapping.
        fill(yuv, 255, 255, 255);
        ColorConverter.i420ToRgb24(yuv, rgb);
        assertPixel(rgb, 0, 1, 255, 125, 255);
    }

    @Test
    void roundTripStaysCloseForSmoothPictures() {
        int w = 64;
        int h = 48;
        Rgb24Frame src = Rgb24Frame.allocate(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = src.indexOf(x, y);
                src.data()[i] = (byte) (x * 4);
                src.data()[i + 1] = (byte) (y * 5);
                src.data()[i + 2] = (byte) (128 + (x - y));
            }
        }
        I420Frame yuv = I420Frame.allocate(w, h);
        Rgb24Frame back = Rgb24Frame.allocate(w, h);
        ColorConverter.rgb24ToI420(src, yuv);
        ColorConverter.i420ToRgb24(yuv, back);
        int worst = 0;
        for (int i = 0; i < w * h * 3; i++) {
            worst = Math.max(worst, Math.abs((src.data()[i] & 0xff) - (back.data()[i] & 0xff)));
        }
        // Gradients of 4-5 levels per pixel plus 4:2:0 chroma sharing and 8-bit rounding.
        assertTrue(worst <= 8, "worst channel error " + worst);
    }

    @Test
    void greyRoundTripIsNearlyExact() {
        for (int v = 0; v < 256; v += 5) {
            Rgb24Frame src = solid(3, 3, v, v, v);
            I420Frame yuv = I420Frame.allocate(3, 3);
            Rgb24Frame back = Rgb24Frame.allocate(3, 3);
            ColorConverter.rgb24ToI420(src, yuv);
            ColorConverter.i420ToRgb24(yuv, back);
            for (int i = 0; i < 27; i++) {
                int err = Math.abs((back.data()[i] & 0xff) - v);
                assertTrue(err <= 1, "grey " + v + " came back as " + (back.data()[i] & 0xff));
            }
        }
    }

    @Test
    void oddSizesAverageEdgeBlocksWithRepeatedPixels() {
        // 3x3: the last chroma column covers one RGB column, the last chroma row one RGB row.
        Rgb24Frame src = solid(3, 3, 0, 0, 0);
        setPixel(src, 2, 0, 255, 0, 0); // top-right pixel red: its chroma block is (2,0),(2,1) -> average of red, black
        I420Frame yuv = I420Frame.allocate(3, 3);
        ColorConverter.rgb24ToI420(src, yuv);
        assertEquals(2, yuv.chromaWidth());
        assertEquals(2, yuv.chromaHeight());
        int[] half = yuvOf(128, 0, 0);
        assertEquals(half[1], yuv.u()[1] & 0xff);
        assertEquals(half[2], yuv.v()[1] & 0xff);
        assertEquals(128, yuv.u()[0] & 0xff);
        assertEquals(128, yuv.u()[3] & 0xff);
        assertEquals(82, yuv.y()[2] & 0xff);
        assertEquals(16, yuv.y()[8] & 0xff);
    }

    @Test
    void stridedAndOffsetFramesGiveTheSameResultAsPackedOnes() {
        Random random = new Random(7);
        int w = 37;
        int h = 23;
        Rgb24Frame packed = Rgb24Frame.allocate(w, h);
        random.nextBytes(packed.data());
        byte[] big = new byte[5 + (w * 3 + 11) * h];
        Rgb24Frame strided = Rgb24Frame.wrap(w, h, big, 5, w * 3 + 11);
        for (int y = 0; y < h; y++) {
            System.arraycopy(packed.data(), y * w * 3, big, 5 + y * (w * 3 + 11), w * 3);
        }
        I420Frame a = I420Frame.allocate(w, h);
        int cw = I420Frame.chromaWidth(w);
        int ch = I420Frame.chromaHeight(h);
        I420Frame b = I420Frame.wrap(w, h, new byte[3 + 50 * h], 3, 50, new byte[1 + 30 * ch], 1, 30,
                new byte[30 * ch], 0, 30);
        ColorConverter.rgb24ToI420(packed, a);
        ColorConverter.rgb24ToI420(strided, b);
        byte[] pa = new byte[a.sizeBytes()];
        byte[] pb = new byte[b.sizeBytes()];
        a.writePacked(pa, 0);
        b.writePacked(pb, 0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(pa, pb);
        assertEquals(cw * ch * 2 + w * h, pa.length);

        Rgb24Frame outA = Rgb24Frame.allocate(w, h);
        Rgb24Frame outB = Rgb24Frame.wrap(w, h, new byte[2 + (w * 3 + 1) * h], 2, w * 3 + 1);
        ColorConverter.i420ToRgb24(a, outA);
        ColorConverter.i420ToRgb24(b, outB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w * 3; x++) {
                assertEquals(outA.data()[y * w * 3 + x], outB.data()[outB.indexOf(0, y) + x]);
            }
        }
    }

    @Test
    void conversionsAllocateNothing() {
        Rgb24Frame rgb = solid(320, 240, 10, 200, 30);
        I420Frame yuv = I420Frame.allocate(320, 240);
        long toYuv = Allocations.measure(50, () -> ColorConverter.rgb24ToI420(rgb, yuv));
        long toRgb = Allocations.measure(50, () -> ColorConverter.i420ToRgb24(yuv, rgb));
        assertTrue(toYuv == 0, "RGB->I420 allocated " + toYuv + " bytes over 50 calls");
        assertTrue(toRgb == 0, "I420->RGB allocated " + toRgb + " bytes over 50 calls");
    }

    @Test
    void mismatchedSizesAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> ColorConverter.rgb24ToI420(Rgb24Frame.allocate(4, 4), I420Frame.allocate(4, 6)));
        assertThrows(IllegalArgumentException.class,
                () -> ColorConverter.i420ToRgb24(I420Frame.allocate(4, 4), Rgb24Frame.allocate(6, 4)));
    }

    private static void fill(I420Frame f, int y, int u, int v) {
        java.util.Arrays.fill(f.y(), (byte) y);
        java.util.Arrays.fill(f.u(), (byte) u);
        java.util.Arrays.fill(f.v(), (byte) v);
    }

    private static void setPixel(Rgb24Frame f, int x, int y, int r, int g, int b) {
        int i = f.indexOf(x, y);
        f.data()[i] = (byte) r;
        f.data()[i + 1] = (byte) g;
        f.data()[i + 2] = (byte) b;
    }

    private static void assertPixel(Rgb24Frame f, int x, int y, int r, int g, int b) {
        int i = f.indexOf(x, y);
        assertArrayEquals3(new int[] {r, g, b},
                new int[] {f.data()[i] & 0xff, f.data()[i + 1] & 0xff, f.data()[i + 2] & 0xff});
    }

    private static void assertArrayEquals3(int[] expected, int[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual,
                java.util.Arrays.toString(expected) + " vs " + java.util.Arrays.toString(actual));
    }
}
