package dev.robusta.codec.vp8;

import dev.robusta.codec.video.I420Frame;

/**
 * A deterministic synthetic clip for codec tests: a textured background panning by fractions of a pixel, objects
 * moving in different directions and speeds (occlusions, sharp edges), coloured regions, a brightness ramp and a
 * scene cut. Enough for an encoder to pick every kind of intra and inter mode, split vectors and sub-pixel motion.
 */
final class SyntheticVideo {
    private final int width;
    private final int height;
    private final int cutFrame;

    SyntheticVideo(int width, int height, int cutFrame) {
        this.width = width;
        this.height = height;
        this.cutFrame = cutFrame;
    }

    void render(int t, I420Frame out) {
        out.reshape(width, height);
        boolean secondScene = cutFrame > 0 && t >= cutFrame;
        // Pan in 1/16 pixel units: sub-pixel motion of the whole background.
        int panX = t * 13;
        int panY = t * 7;
        byte[] y = out.y();
        for (int row = 0; row < height; row++) {
            int o = out.yOffset() + row * out.yStride();
            for (int col = 0; col < width; col++) {
                int v = background(col * 16 + panX, row * 16 + panY, secondScene);
                v = objects(col, row, t, v);
                y[o + col] = (byte) Math.max(0, Math.min(255, v + (t % 10) - 5));
            }
        }
        int cw = out.chromaWidth();
        int ch = out.chromaHeight();
        for (int row = 0; row < ch; row++) {
            int uo = out.uOffset() + row * out.uStride();
            int vo = out.vOffset() + row * out.vStride();
            for (int col = 0; col < cw; col++) {
                int sx = col * 32 + panX;
                int sy = row * 32 + panY;
                int u = 128 + ((sx >> 6) % 40) - 20 + (secondScene ? 30 : 0);
                int v = 128 + ((sy >> 6) % 50) - 25;
                if (inObject(col * 2, row * 2, t) >= 0) {
                    u = 90 + inObject(col * 2, row * 2, t) * 30;
                    v = 200 - inObject(col * 2, row * 2, t) * 40;
                }
                out.u()[uo + col] = (byte) u;
                out.v()[vo + col] = (byte) v;
            }
        }
    }

    /** Background luma at (x, y) in 1/16 pixels: smooth gradient, stripes and fine hashed texture. */
    private static int background(int x16, int y16, boolean second) {
        int x = x16 >> 4;
        int y = y16 >> 4;
        int fx = x16 & 15;
        int base = second ? 60 + ((x + y) & 63) : 40 + (x16 / 48) % 120 + (y16 / 96) % 40;
        // Bilinear sample of a hashed lattice: texture that moves smoothly with sub-pixel pans.
        int a = hash(x, y);
        int b = hash(x + 1, y);
        int tex = (a * (16 - fx) + b * fx) >> 4;
        int stripes = ((y16 / 128) & 1) == 0 ? 0 : 25;
        return base + (tex >> 3) + stripes;
    }

    private int objects(int x, int y, int t, int v) {
        int k = inObject(x, y, t);
        if (k < 0) {
            return v;
        }
        return switch (k) {
            case 0 -> 230 - ((x + y) & 7) * 3;
            case 1 -> 20 + ((x * 3) & 31);
            default -> ((x ^ y) & 16) != 0 ? 200 : 60;
        };
    }

    /** Which moving object covers (x, y) at time t, or -1. */
    private int inObject(int x, int y, int t) {
        int s = Math.max(8, Math.min(width, height) / 4);
        int ax = (t * 3) % (width + s) - s / 2;
        int ay = height / 4;
        if (x >= ax && x < ax + s && y >= ay && y < ay + s) {
            return 0;
        }
        int bx = width - (t * 2) % (width + s);
        int by = height / 2 + (t % 20) - 10;
        int dx = x - bx;
        int dy = y - by;
        if (dx * dx + dy * dy < s * s / 4) {
            return 1;
        }
        int cx = width / 3;
        int cy = (t * 5) % (height + s) - s;
        if (x >= cx && x < cx + s / 2 && y >= cy && y < cy + s * 2 / 3) {
            return 2;
        }
        return -1;
    }

    private static int hash(int x, int y) {
        int h = x * 374761393 + y * 668265263;
        h = (h ^ (h >>> 13)) * 1274126177;
        return (h ^ (h >>> 16)) & 255;
    }
}
