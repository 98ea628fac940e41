package dev.robusta.benchmarks.codec;

import dev.robusta.codec.video.ColorConverter;
import dev.robusta.codec.video.I420Frame;
import dev.robusta.codec.video.Rgb24Frame;

/**
 * A synthetic clip in the spirit of ffmpeg's {@code testsrc2}: colour bars over a vertical gradient, a grey ramp,
 * a checkerboard square moving diagonally, a disc moving across, and large digits counting the frames. Rendered in
 * RGB24 and converted to I420 with {@link ColorConverter}, deterministically, so that our codec and libvpx's tools
 * work on the same pixels.
 */
final class TestPattern {
    private static final int[][] BARS = {
        {235, 235, 235}, {235, 235, 16}, {16, 235, 235}, {16, 235, 16},
        {235, 16, 235}, {235, 16, 16}, {16, 16, 235}, {40, 40, 40}};
    /** Seven-segment masks of the digits 0-9 (segments a..g as bits 0..6). */
    private static final int[] DIGITS = {0x3f, 0x06, 0x5b, 0x4f, 0x66, 0x6d, 0x7d, 0x07, 0x7f, 0x6f};

    private final int width;
    private final int height;
    private final Rgb24Frame rgb;

    TestPattern(int width, int height) {
        this.width = width;
        this.height = height;
        this.rgb = Rgb24Frame.allocate(width, height);
    }

    /** Renders frame {@code t} into {@code out} (of this pattern's size). */
    void render(int t, I420Frame out) {
        byte[] p = rgb.data();
        int barWidth = Math.max(1, width / BARS.length);
        int rampTop = height * 3 / 4;
        for (int y = 0; y < height; y++) {
            int shade = 160 + 95 * y / height;
            for (int x = 0; x < width; x++) {
                int i = rgb.indexOf(x, y);
                if (y >= rampTop) {
                    int g = 255 * x / width;
                    p[i] = (byte) g;
                    p[i + 1] = (byte) g;
                    p[i + 2] = (byte) g;
                } else {
                    int[] c = BARS[Math.min(BARS.length - 1, x / barWidth)];
                    p[i] = (byte) (c[0] * shade / 255);
                    p[i + 1] = (byte) (c[1] * shade / 255);
                    p[i + 2] = (byte) (c[2] * shade / 255);
                }
            }
        }
        int s = height / 5;
        int sx = (t * 4) % Math.max(1, width - s);
        int sy = (t * 3) % Math.max(1, rampTop - s);
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                boolean dark = ((x * 8 / s) + (y * 8 / s)) % 2 == 0;
                fill(sx + x, sy + y, dark ? 20 : 230, dark ? 20 : 200, dark ? 60 : 40);
            }
        }
        int r = height / 12;
        int cx = width - 1 - (t * 6) % width;
        int cy = height / 2;
        for (int y = -r; y <= r; y++) {
            for (int x = -r; x <= r; x++) {
                if (x * x + y * y <= r * r) {
                    fill(cx + x, cy + y, 250, 250, 250);
                }
            }
        }
        drawNumber(t, width / 20, height / 20, Math.max(2, height / 60));
        ColorConverter.rgb24ToI420(rgb, out);
    }

    private void drawNumber(int n, int x0, int y0, int unit) {
        String digits = String.format("%05d", n % 100000);
        for (int k = 0; k < digits.length(); k++) {
            int mask = DIGITS[digits.charAt(k) - '0'];
            int dx = x0 + k * unit * 6;
            // Segments: a top, b top-right, c bottom-right, d bottom, e bottom-left, f top-left, g middle.
            box(mask, 0, dx + unit, y0, unit * 3, unit);
            box(mask, 1, dx + unit * 4, y0 + unit, unit, unit * 3);
            box(mask, 2, dx + unit * 4, y0 + unit * 5, unit, unit * 3);
            box(mask, 3, dx + unit, y0 + unit * 8, unit * 3, unit);
            box(mask, 4, dx, y0 + unit * 5, unit, unit * 3);
            box(mask, 5, dx, y0 + unit, unit, unit * 3);
            box(mask, 6, dx + unit, y0 + unit * 4, unit * 3, unit);
        }
    }

    private void box(int mask, int segment, int x0, int y0, int w, int h) {
        if ((mask & (1 << segment)) == 0) {
            return;
        }
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                fill(x, y, 255, 255, 255);
            }
        }
    }

    private void fill(int x, int y, int r, int g, int b) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            return;
        }
        int i = rgb.indexOf(x, y);
        rgb.data()[i] = (byte) r;
        rgb.data()[i + 1] = (byte) g;
        rgb.data()[i + 2] = (byte) b;
    }
}
