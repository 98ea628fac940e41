package dev.robusta.codec.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MediaFilesTest {

    @Test
    void ivfRoundTrip() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[][] frames = {{1, 2, 3}, {}, new byte[5000]};
        new Random(5).nextBytes(frames[2]);
        try (IvfWriter w = new IvfWriter(bytes, "VP80", 176, 144, 1, 30)) {
            for (int i = 0; i < frames.length; i++) {
                w.write(frames[i], 0, frames[i].length, i * 3L + (1L << 33));
            }
        }
        try (IvfReader r = new IvfReader(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals("VP80", r.fourcc());
            assertEquals(176, r.width());
            assertEquals(144, r.height());
            assertEquals(1, r.timebaseNumerator());
            assertEquals(30, r.timebaseDenominator());
            for (int i = 0; i < frames.length; i++) {
                assertTrue(r.next());
                assertEquals(i * 3L + (1L << 33), r.timestamp());
                assertArrayEquals(frames[i], Arrays.copyOf(r.frameData(), r.frameLength()));
            }
            assertFalse(r.next());
        }
    }

    @Test
    void brokenIvfGivesTypedErrors() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (IvfWriter w = new IvfWriter(bytes, "VP80", 16, 16, 1, 30)) {
            w.write(new byte[100], 0, 100, 0);
        }
        byte[] good = bytes.toByteArray();
        assertThrows(MediaFormatException.class, () -> new IvfReader(new ByteArrayInputStream(good, 0, 20)));
        byte[] badMagic = good.clone();
        badMagic[0] = 'X';
        assertThrows(MediaFormatException.class, () -> new IvfReader(new ByteArrayInputStream(badMagic)));
        for (int cut : new int[] {33, 40, 44, 100}) {
            IvfReader r = new IvfReader(new ByteArrayInputStream(good, 0, cut));
            assertThrows(MediaFormatException.class, r::next, "cut at " + cut);
        }
        byte[] huge = good.clone();
        huge[35] = 0x7f;
        IvfReader r = new IvfReader(new ByteArrayInputStream(huge));
        assertThrows(MediaFormatException.class, r::next);
    }

    @Test
    void y4mRoundTripWithOddSize() throws Exception {
        I420Frame a = I420Frame.allocate(9, 7);
        I420Frame b = I420Frame.allocate(9, 7);
        Random random = new Random(9);
        for (I420Frame f : new I420Frame[] {a, b}) {
            random.nextBytes(f.y());
            random.nextBytes(f.u());
            random.nextBytes(f.v());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Y4mWriter w = new Y4mWriter(bytes, 9, 7, 30000, 1001)) {
            w.write(a);
            w.write(b);
        }
        String header = new String(bytes.toByteArray(), 0, 56, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("YUV4MPEG2 W9 H7 F30000:1001 Ip A1:1 C420jpeg\nFRAME\n"), header);
        try (Y4mReader r = new Y4mReader(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(30000, r.frameRateNumerator());
            assertEquals(1001, r.frameRateDenominator());
            I420Frame out = I420Frame.allocate(1, 1);
            for (I420Frame expected : new I420Frame[] {a, b}) {
                assertTrue(r.next(out));
                assertArrayEquals(packed(expected), packed(out));
            }
            assertFalse(r.next(out));
        }
    }

    @Test
    void brokenY4mGivesTypedErrors() throws Exception {
        assertThrows(MediaFormatException.class, () -> y4m("YUV4MPEG W4 H4\n"));
        assertThrows(MediaFormatException.class, () -> y4m("YUV4MPEG2 W4\n"));
        assertThrows(MediaFormatException.class, () -> y4m("YUV4MPEG2 W4 H4 C444\n"));
        assertThrows(MediaFormatException.class, () -> y4m("YUV4MPEG2 W4 H4 It\n"));
        assertThrows(MediaFormatException.class, () -> y4m("YUV4MPEG2 W-4 H4\n"));
        assertThrows(MediaFormatException.class, () -> y4m("YUV4MPEG2 Wxx H4\n"));
        assertThrows(MediaFormatException.class, () -> y4m("YUV4MPEG2 W4 H4 F30\n"));
        assertThrows(MediaFormatException.class, () -> y4m("YUV4MPEG2 W4 H4"));
        Y4mReader truncated = y4m("YUV4MPEG2 W4 H4\nFRAME\n0123456789");
        assertThrows(MediaFormatException.class, () -> truncated.next(I420Frame.allocate(4, 4)));
        Y4mReader garbage = y4m("YUV4MPEG2 W4 H4\nFRAMX\n");
        assertThrows(MediaFormatException.class, () -> garbage.next(I420Frame.allocate(4, 4)));
        Y4mReader endless = y4m("YUV4MPEG2 W4 H4\n" + "x".repeat(5000));
        assertThrows(MediaFormatException.class, () -> endless.next(I420Frame.allocate(4, 4)));
    }

    private static Y4mReader y4m(String s) throws Exception {
        return new Y4mReader(new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] packed(I420Frame f) {
        byte[] out = new byte[f.sizeBytes()];
        f.writePacked(out, 0);
        return out;
    }
}
