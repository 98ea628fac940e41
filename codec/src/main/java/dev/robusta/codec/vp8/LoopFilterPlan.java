package dev.robusta.codec.vp8;

/**
 * One frame's loop filter settings (RFC 6386 sections 9.6, 15.1-15.2): the level of each macroblock from its
 * segment, reference frame and mode, the edge and interior limits of each level under the frame's sharpness, and
 * the high-edge-variance thresholds; then the filtering of one macroblock row at a time.
 */
final class LoopFilterPlan {
    /** Index into the mode deltas: B_PRED, other intra modes (no delta), ZEROMV, other whole-MB inter, SPLITMV. */
    private static final int[] MODE_INDEX = {1, 1, 1, 1, 0, 2, 2, 1, 2, 3};

    /** Level by segment, reference frame and mode index: [4][4][4]. */
    private final int[] levels = new int[64];
    private final int[] interior = new int[64];
    private final int[] hevThreshold = new int[64];
    private boolean simple;
    private int frameLevel;

    void setUp(FrameHeader h, StreamState state) {
        frameLevel = h.filterLevel;
        simple = h.filterType == 1;
        Segmentation seg = state.segmentation;
        for (int s = 0; s < 4; s++) {
            int level = h.filterLevel;
            if (seg.enabled) {
                level = seg.absoluteValues ? seg.filterLevel[s] : level + seg.filterLevel[s];
                level = clampLevel(level);
            }
            int base = s * 16;
            if (!h.lfDeltasEnabled) {
                for (int k = 0; k < 16; k++) {
                    levels[base + k] = level;
                }
                continue;
            }
            int intra = level + state.refLfDeltas[Modes.INTRA_FRAME];
            levels[base] = clampLevel(intra + state.modeLfDeltas[0]);
            levels[base + 1] = clampLevel(intra);
            for (int ref = 1; ref < 4; ref++) {
                int r = level + state.refLfDeltas[ref];
                for (int m = 1; m < 4; m++) {
                    levels[base + ref * 4 + m] = clampLevel(r + state.modeLfDeltas[m]);
                }
            }
        }
        setUpLimits(h.sharpness, h.keyFrame);
    }

    /**
     * The settings of a frame filtered at one {@code level} throughout with the normal filter, sharpness 0: no
     * segments, no deltas (what {@link Vp8Encoder} writes).
     */
    void setUpUniform(int level, boolean keyFrame) {
        frameLevel = level;
        simple = false;
        java.util.Arrays.fill(levels, level);
        setUpLimits(0, keyFrame);
    }

    private void setUpLimits(int sharpness, boolean keyFrame) {
        for (int level = 0; level < 64; level++) {
            int limit = level >> (sharpness > 0 ? 1 : 0) >> (sharpness > 4 ? 1 : 0);
            if (sharpness > 0 && limit > 9 - sharpness) {
                limit = 9 - sharpness;
            }
            interior[level] = Math.max(1, limit);
            if (keyFrame) {
                hevThreshold[level] = level >= 40 ? 2 : (level >= 15 ? 1 : 0);
            } else {
                hevThreshold[level] = level >= 40 ? 3 : (level >= 20 ? 2 : (level >= 15 ? 1 : 0));
            }
        }
    }

    /** True when the frame is filtered at all (a frame level of 0 turns the filter off, deltas or not). */
    boolean enabled() {
        return frameLevel != 0;
    }

    /** Filters the edges of every macroblock of row {@code mbRow}, left to right. */
    void filterRow(FrameBuffer f, MacroblockInfo info, byte[] segmentMap, int mbRow) {
        for (int c = 0; c < info.mbCols; c++) {
            int i = info.index(mbRow, c);
            int mode = info.yMode[i];
            int level = levels[segmentMap[i] * 16 + info.refFrame[i] * 4 + MODE_INDEX[mode]];
            if (level == 0) {
                continue;
            }
            boolean inner = mode == Modes.B_PRED || mode == Modes.SPLITMV || info.skip[i] == 0;
            int lim = interior[level];
            int edge = 2 * level + lim;
            int mbEdge = 2 * (level + 2) + lim;
            int ys = f.yStride;
            int yo = f.yOrigin + mbRow * 16 * ys + c * 16;
            if (simple) {
                if (c > 0) {
                    LoopFilter.simpleEdgeV(f.y, yo, ys, mbEdge);
                }
                if (inner) {
                    for (int x = 4; x < 16; x += 4) {
                        LoopFilter.simpleEdgeV(f.y, yo + x, ys, edge);
                    }
                }
                if (mbRow > 0) {
                    LoopFilter.simpleEdgeH(f.y, yo, ys, mbEdge);
                }
                if (inner) {
                    for (int y = 4; y < 16; y += 4) {
                        LoopFilter.simpleEdgeH(f.y, yo + y * ys, ys, edge);
                    }
                }
                continue;
            }
            int hev = hevThreshold[level];
            int uvs = f.uvStride;
            int uvo = f.uvOrigin + mbRow * 8 * uvs + c * 8;
            if (c > 0) {
                LoopFilter.macroblockEdgeV(f.y, yo, ys, 16, mbEdge, lim, hev);
                LoopFilter.macroblockEdgeV(f.u, uvo, uvs, 8, mbEdge, lim, hev);
                LoopFilter.macroblockEdgeV(f.v, uvo, uvs, 8, mbEdge, lim, hev);
            }
            if (inner) {
                for (int x = 4; x < 16; x += 4) {
                    LoopFilter.subblockEdgeV(f.y, yo + x, ys, 16, edge, lim, hev);
                }
                LoopFilter.subblockEdgeV(f.u, uvo + 4, uvs, 8, edge, lim, hev);
                LoopFilter.subblockEdgeV(f.v, uvo + 4, uvs, 8, edge, lim, hev);
            }
            if (mbRow > 0) {
                LoopFilter.macroblockEdgeH(f.y, yo, ys, 16, mbEdge, lim, hev);
                LoopFilter.macroblockEdgeH(f.u, uvo, uvs, 8, mbEdge, lim, hev);
                LoopFilter.macroblockEdgeH(f.v, uvo, uvs, 8, mbEdge, lim, hev);
            }
            if (inner) {
                for (int y = 4; y < 16; y += 4) {
                    LoopFilter.subblockEdgeH(f.y, yo + y * ys, ys, 16, edge, lim, hev);
                }
                LoopFilter.subblockEdgeH(f.u, uvo + 4 * uvs, uvs, 8, edge, lim, hev);
                LoopFilter.subblockEdgeH(f.v, uvo + 4 * uvs, uvs, 8, edge, lim, hev);
            }
        }
    }

    private static int clampLevel(int level) {
        return level < 0 ? 0 : Math.min(level, 63);
    }
}
