package dev.robusta.codec.vp8;

import static dev.robusta.codec.vp8.Modes.B_PRED;
import static dev.robusta.codec.vp8.Modes.SPLITMV;
import static dev.robusta.codec.vp8.Modes.mvCol;
import static dev.robusta.codec.vp8.Modes.mvRow;

import java.util.Arrays;

/**
 * Rebuilds the pixels of one frame, macroblock by macroblock, from the parsed modes and the token partitions
 * (RFC 6386 sections 12-14, 18): residual decoding, intra or inter prediction, inverse transforms; then the loop
 * filter, one macroblock row behind, so that intra prediction sees unfiltered neighbours as the format requires.
 *
 * <p>Picture edges are prepared exactly as libvpx prepares them: 127 above the frame, 129 to its left, and for the
 * rightmost subblocks' above-right pixels beyond the right edge, copies of the row above's last pixel.
 */
final class FrameReconstructor {
    private static final int MARGIN_NEAR = 16 << 3;
    private static final int MARGIN_LEFT_TOP = 19 << 3;
    private static final int MARGIN_RIGHT_BOTTOM = 18 << 3;

    private final TokenDecoder tokens = new TokenDecoder();
    private final BoolDecoder[] partitions = new BoolDecoder[FrameHeader.MAX_PARTITIONS];
    private final int[] coeffs = new int[25 * 16];
    private final int[] eobs = new int[25];
    private final int[] transformScratch = new int[16];
    private final int[] edge = new int[13];
    private final int[] filterScratch = new int[InterPredictor.SCRATCH_SIZE];
    /** Source pixels for blocks whose motion vector reaches beyond the allocated border. */
    private final byte[] emulated = new byte[21 * 21];

    // Per-frame settings.
    private FrameBuffer cur;
    private final FrameBuffer[] refs = new FrameBuffer[4];
    private boolean bilinear;
    private boolean fullPixel;

    FrameReconstructor() {
        for (int i = 0; i < partitions.length; i++) {
            partitions[i] = new BoolDecoder();
        }
    }

    /**
     * Decodes the residuals of all macroblocks and reconstructs {@code target}; {@code last}, {@code golden} and
     * {@code altRef} are the references of an inter frame (null on key frames).
     */
    void reconstruct(byte[] data, FrameHeader h, EntropyContext entropy, MacroblockInfo info, byte[] segmentMap,
                     Dequantizer dequant, LoopFilterPlan filter, FrameBuffer target, FrameBuffer last,
                     FrameBuffer golden, FrameBuffer altRef) throws Vp8DecodeException {
        cur = target;
        refs[Modes.LAST_FRAME] = last;
        refs[Modes.GOLDEN_FRAME] = golden;
        refs[Modes.ALTREF_FRAME] = altRef;
        bilinear = h.version != 0 && h.version <= 3;
        fullPixel = h.version == 3;
        for (int p = 0; p < h.partitionCount; p++) {
            partitions[p].init(data, h.partitionOffset[p], h.partitionSize[p]);
        }
        tokens.startFrame(info.mbCols);
        Arrays.fill(coeffs, 0);
        cur.setUpIntraTopEdge();
        int[] probs = entropy.coefProbs;
        boolean filtering = filter.enabled();
        for (int r = 0; r < info.mbRows; r++) {
            BoolDecoder bd = partitions[r & (h.partitionCount - 1)];
            tokens.startRow();
            cur.setUpIntraLeftEdge(r);
            for (int c = 0; c < info.mbCols; c++) {
                int i = info.index(r, c);
                int mode = info.yMode[i];
                boolean hasY2 = mode != B_PRED && mode != SPLITMV;
                if (info.skip[i] == 0) {
                    int[] q = dequant.factors[segmentMap[i]];
                    if (!tokens.decode(bd, probs, c, hasY2, coeffs, eobs, q)) {
                        info.skip[i] = 1;
                    }
                } else {
                    tokens.skipMacroblock(c, hasY2);
                }
                decodeMacroblock(info, i, r, c, mode, hasY2);
            }
            if (bd.isOverrun()) {
                throw new Vp8DecodeException("token partition " + (r & (h.partitionCount - 1))
                        + " truncated at macroblock row " + r);
            }
            // Above-right pixels of the next row's last macroblock: the last pixel of this row, repeated.
            int lastRow = cur.yOrigin + (r * 16 + 15) * cur.yStride + cur.width;
            Arrays.fill(cur.y, lastRow, lastRow + 4, cur.y[lastRow - 1]);
            if (filtering && r > 0) {
                filter.filterRow(cur, info, segmentMap, r - 1);
            }
        }
        if (filtering) {
            filter.filterRow(cur, info, segmentMap, info.mbRows - 1);
        }
        cur.extendBorders();
        Arrays.fill(refs, null);
        cur = null;
    }

    private void decodeMacroblock(MacroblockInfo info, int i, int r, int c, int mode, boolean hasY2) {
        FrameBuffer f = cur;
        int ys = f.yStride;
        int uvs = f.uvStride;
        int yo = f.yOrigin + r * 16 * ys + c * 16;
        int uvo = f.uvOrigin + r * 8 * uvs + c * 8;
        boolean residual = info.skip[i] == 0;
        if (info.refFrame[i] == Modes.INTRA_FRAME) {
            int uvMode = info.uvMode[i];
            IntraPredictor.predictBlock(uvMode, f.u, uvo, uvs, 8, r > 0, c > 0);
            IntraPredictor.predictBlock(uvMode, f.v, uvo, uvs, 8, r > 0, c > 0);
            if (mode == B_PRED) {
                predictSubblocks(info, i, yo, ys, residual);
                if (residual) {
                    addChromaResidual(uvo, uvs);
                }
                return;
            }
            IntraPredictor.predictBlock(mode, f.y, yo, ys, 16, r > 0, c > 0);
        } else {
            predictInter(info, i, r, c, yo, uvo);
        }
        if (!residual) {
            return;
        }
        if (hasY2) {
            InverseTransform.iwht(coeffs, 24 * 16, transformScratch, coeffs);
        }
        for (int b = 0; b < 16; b++) {
            addBlockResidual(b, f.y, yo + (b >> 2) * 4 * ys + (b & 3) * 4, ys);
        }
        addChromaResidual(uvo, uvs);
    }

    private void addChromaResidual(int uvo, int uvs) {
        for (int b = 16; b < 24; b++) {
            byte[] plane = b < 20 ? cur.u : cur.v;
            int k = b & 3;
            addBlockResidual(b, plane, uvo + (k >> 1) * 4 * uvs + (k & 1) * 4, uvs);
        }
    }

    /** Adds block {@code b}'s residual, by the full inverse DCT only when it has AC coefficients. */
    private void addBlockResidual(int b, byte[] plane, int dst, int stride) {
        int off = b * 16;
        if (eobs[b] > 1) {
            InverseTransform.idctAdd(coeffs, off, transformScratch, plane, dst, stride);
        } else {
            int dc = coeffs[off];
            if (dc != 0) {
                InverseTransform.dcOnlyAdd(dc, plane, dst, stride);
                coeffs[off] = 0;
            }
        }
    }

    /** B_PRED: predicts each subblock from its reconstructed neighbours, then adds its residual at once. */
    private void predictSubblocks(MacroblockInfo info, int i, int yo, int ys, boolean residual) {
        byte[] p = cur.y;
        int[] e = edge;
        int aboveRight = yo - ys + 16;
        for (int b = 0; b < 16; b++) {
            int dst = yo + (b >> 2) * 4 * ys + (b & 3) * 4;
            int above = dst - ys;
            e[0] = p[above - 1] & 0xff;
            for (int k = 0; k < 4; k++) {
                e[1 + k] = p[above + k] & 0xff;
                e[9 + k] = p[dst + k * ys - 1] & 0xff;
            }
            // Subblocks on the right edge below the first row take their above-right pixels from the macroblock
            // row above (the pixels right of them are not decoded yet), as libvpx does.
            int ar = (b & 3) == 3 && b > 3 ? aboveRight : above + 4;
            for (int k = 0; k < 4; k++) {
                e[5 + k] = p[ar + k] & 0xff;
            }
            IntraPredictor.predictSubblock(info.sub[i * 16 + b], e, p, dst, ys);
            if (residual) {
                addBlockResidual(b, p, dst, ys);
            }
        }
    }

    private void predictInter(MacroblockInfo info, int i, int r, int c, int yo, int uvo) {
        FrameBuffer ref = refs[info.refFrame[i]];
        boolean clamp = info.needClamp[i] != 0;
        int toLeft = -((c * 16) << 3);
        int toRight = ((info.mbCols - 1 - c) * 16) << 3;
        int toTop = -((r * 16) << 3);
        int toBottom = ((info.mbRows - 1 - r) * 16) << 3;
        int mask = fullPixel ? ~7 : ~0;
        int x = c * 16;
        int y = r * 16;
        if (info.yMode[i] != SPLITMV) {
            int mv = info.mv[i];
            if (clamp) {
                mv = clampToBorder(mv, toLeft, toRight, toTop, toBottom);
            }
            int row = mvRow(mv);
            int col = mvCol(mv);
            predictBlock(ref.y, ref.yOrigin, ref.yStride, ref.width, ref.height, FrameBuffer.BORDER, cur.y, yo,
                    cur.yStride, x, y, 16, 16, col, row);
            // Chroma: the luma vector halved, rounding away from zero; eighth-pel precision.
            int crow = ((row + (row < 0 ? -1 : 1)) / 2) & mask;
            int ccol = ((col + (col < 0 ? -1 : 1)) / 2) & mask;
            predictChroma(ref, uvo, x >> 1, y >> 1, 8, 8, ccol, crow);
            return;
        }
        int[] sub = info.sub;
        int base = i * 16;
        if (info.partitioning[i] < 3) {
            for (int q = 0; q < 4; q++) {
                int b = (q >> 1) * 8 + (q & 1) * 2;
                int mv = sub[base + b];
                if (clamp) {
                    mv = clampToBorder(mv, toLeft, toRight, toTop, toBottom);
                }
                int bx = (q & 1) * 8;
                int by = (q >> 1) * 8;
                predictBlock(ref.y, ref.yOrigin, ref.yStride, ref.width, ref.height, FrameBuffer.BORDER, cur.y,
                        yo + by * cur.yStride + bx, cur.yStride, x + bx, y + by, 8, 8, mvCol(mv), mvRow(mv));
            }
        } else {
            for (int b = 0; b < 16; b++) {
                int mv = sub[base + b];
                if (clamp) {
                    mv = clampToBorder(mv, toLeft, toRight, toTop, toBottom);
                }
                int bx = (b & 3) * 4;
                int by = (b >> 2) * 4;
                predictBlock(ref.y, ref.yOrigin, ref.yStride, ref.width, ref.height, FrameBuffer.BORDER, cur.y,
                        yo + by * cur.yStride + bx, cur.yStride, x + bx, y + by, 4, 4, mvCol(mv), mvRow(mv));
            }
        }
        // Chroma subblocks take the average of the four luma vectors they cover (unclamped), rounded.
        for (int cb = 0; cb < 4; cb++) {
            int b = (cb >> 1) * 8 + (cb & 1) * 2;
            int sumRow = mvRow(sub[base + b]) + mvRow(sub[base + b + 1]) + mvRow(sub[base + b + 4])
                    + mvRow(sub[base + b + 5]);
            int sumCol = mvCol(sub[base + b]) + mvCol(sub[base + b + 1]) + mvCol(sub[base + b + 4])
                    + mvCol(sub[base + b + 5]);
            int crow = ((sumRow + (sumRow < 0 ? -4 : 4)) / 8) & mask;
            int ccol = ((sumCol + (sumCol < 0 ? -4 : 4)) / 8) & mask;
            if (clamp) {
                ccol = 2 * ccol < toLeft - MARGIN_LEFT_TOP ? (toLeft - MARGIN_NEAR) >> 1 : ccol;
                ccol = 2 * ccol > toRight + MARGIN_RIGHT_BOTTOM ? (toRight + MARGIN_NEAR) >> 1 : ccol;
                crow = 2 * crow < toTop - MARGIN_LEFT_TOP ? (toTop - MARGIN_NEAR) >> 1 : crow;
                crow = 2 * crow > toBottom + MARGIN_RIGHT_BOTTOM ? (toBottom + MARGIN_NEAR) >> 1 : crow;
            }
            // Vectors are 16-bit in libvpx.
            crow = (short) crow;
            ccol = (short) ccol;
            int bx = (cb & 1) * 4;
            int by = (cb >> 1) * 4;
            predictChroma(ref, uvo + by * cur.uvStride + bx, (x >> 1) + bx, (y >> 1) + by, 4, 4, ccol, crow);
        }
    }

    private void predictChroma(FrameBuffer ref, int dst, int x, int y, int w, int h, int col, int row) {
        predictBlock(ref.u, ref.uvOrigin, ref.uvStride, ref.width >> 1, ref.height >> 1, FrameBuffer.UV_BORDER,
                cur.u, dst, cur.uvStride, x, y, w, h, col, row);
        predictBlock(ref.v, ref.uvOrigin, ref.uvStride, ref.width >> 1, ref.height >> 1, FrameBuffer.UV_BORDER,
                cur.v, dst, cur.uvStride, x, y, w, h, col, row);
    }

    /**
     * Predicts a block at ({@code x}, {@code y}) of a plane displaced by an eighth-pel vector. When the pixels the
     * filter needs reach beyond the plane's border, they are first gathered into a scratch block with coordinates
     * clamped to the picture, which is what an infinitely extended reference holds.
     */
    private void predictBlock(byte[] ref, int origin, int stride, int planeWidth, int planeHeight, int border,
                              byte[] dst, int dstOff, int dstStride, int x, int y, int w, int h, int mvCol,
                              int mvRow) {
        int sx = x + (mvCol >> 3);
        int sy = y + (mvRow >> 3);
        int fx = mvCol & 7;
        int fy = mvRow & 7;
        if (sx - 2 >= -border && sx + w + 3 <= planeWidth + border && sy - 2 >= -border
                && sy + h + 3 <= planeHeight + border) {
            InterPredictor.predict(ref, origin + sy * stride + sx, stride, dst, dstOff, dstStride, w, h, fx, fy,
                    bilinear, filterScratch);
            return;
        }
        int es = w + 5;
        for (int r = 0; r < h + 5; r++) {
            int ry = Math.min(Math.max(sy - 2 + r, 0), planeHeight - 1);
            int rowStart = origin + ry * stride;
            for (int k = 0; k < es; k++) {
                int rx = Math.min(Math.max(sx - 2 + k, 0), planeWidth - 1);
                emulated[r * es + k] = ref[rowStart + rx];
            }
        }
        InterPredictor.predict(emulated, 2 * es + 2, es, dst, dstOff, dstStride, w, h, fx, fy, bilinear,
                filterScratch);
    }

    /**
     * libvpx's clamp for vectors pointing more than 19 (left, top) or 18 (right, bottom) pixels outside the frame:
     * to 16 pixels outside, whole-pixel. Same pixels under an infinite extension, but kept for exactness.
     */
    private static int clampToBorder(int mv, int toLeft, int toRight, int toTop, int toBottom) {
        int col = mvCol(mv);
        int row = mvRow(mv);
        if (col < toLeft - MARGIN_LEFT_TOP) {
            col = toLeft - MARGIN_NEAR;
        } else if (col > toRight + MARGIN_RIGHT_BOTTOM) {
            col = toRight + MARGIN_NEAR;
        }
        if (row < toTop - MARGIN_LEFT_TOP) {
            row = toTop - MARGIN_NEAR;
        } else if (row > toBottom + MARGIN_RIGHT_BOTTOM) {
            row = toBottom + MARGIN_NEAR;
        }
        return Modes.mv(row, col);
    }
}
