package dev.robusta.codec.vp8;

import static dev.robusta.codec.vp8.Modes.mv;
import static dev.robusta.codec.vp8.Modes.mvCol;
import static dev.robusta.codec.vp8.Modes.mvRow;

import dev.robusta.codec.EncodedFrame;
import dev.robusta.codec.VideoEncoder;
import dev.robusta.codec.video.I420Frame;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real-time VP8 encoder (RFC 6386) in pure Java: key and inter frames; 16x16 and 4x4 (B_PRED) intra modes;
 * whole-macroblock motion vectors from a diamond search refined to quarter pels; the format's transforms and
 * quantizers; token coding with the format's contexts and, per frame, the token probabilities that pay for
 * themselves; a loop filter level chosen from the quantizer; rate control towards a target bitrate that can change
 * at run time; a key frame on request (the answer to a PLI); optional temporal layers ({@link TemporalPattern}), with
 * each frame's layer and layer-sync flag in the {@link EncodedFrame} for the RTP payloader.
 *
 * <p>Its reference frames are its own reconstruction (prediction plus the dequantized residual, then the loop
 * filter), computed with the decoder's own kernels and in the decoder's order, so that they are exactly what
 * {@link Vp8Decoder} and libvpx make of its output. Not done: split motion vectors, the altref reference, segmentation, loop filter deltas, several
 * token partitions, frame dropping (every call produces a frame). Not thread-safe.
 */
public final class Vp8Encoder implements VideoEncoder {
    private static final Logger LOG = LoggerFactory.getLogger(Vp8Encoder.class);
    /** Full-pixel search range around the start vector. */
    private static final int SEARCH_RANGE = 32;

    private final int width;
    private final int height;
    private final int mbCols;
    private final int mbRows;
    private final int keyFrameInterval;
    private int bitrate;
    private double frameRate;

    /** Three buffers: the frame being encoded and the LAST and GOLDEN references (which may be one buffer). */
    private final FrameBuffer[] pool = new FrameBuffer[3];
    private FrameBuffer cur;
    private FrameBuffer last;
    private FrameBuffer golden;
    /** The reconstruction of the frame encoded last (for tests). */
    private FrameBuffer reconstructed;
    private final LoopFilterPlan filterPlan = new LoopFilterPlan();
    private final MacroblockInfo info;
    private final NearMvs nearMvs = new NearMvs();
    private final BoolEncoder header = new BoolEncoder();
    private final BoolEncoder tokens = new BoolEncoder();

    // Per-macroblock scratch.
    private final int[] residual = new int[16];
    private final int[] dct = new int[25 * 16];
    private final int[] levels = new int[25 * 16];
    private final int[] coeffs = new int[25 * 16];
    private final int[] eobs = new int[25];
    private final int[] tmp = new int[16];
    private final int[] aboveCtx;
    private final int[] leftCtx = new int[9];
    private final int[] filterScratch = new int[InterPredictor.SCRATCH_SIZE];
    private final int[] quant = new int[6];

    // The frame's quantized levels, kept until the token probabilities are chosen: per macroblock 25 blocks of 16
    // levels in scan order and their ends of block.
    private final short[] frameLevels;
    private final byte[] frameEobs;
    /** Per coefficient probability, how often its branch went each way in this frame: [prob][bit]. */
    private final int[] coefCounts = new int[2 * Vp8Tables.COEF_UPDATE_PROBS.length];
    /** The token probabilities the decoder holds between frames (RFC 6386 section 13.4). */
    private final int[] savedCoefProbs = new int[Vp8Tables.COEF_UPDATE_PROBS.length];
    /** This frame's token probabilities: the saved ones with this frame's updates. */
    private final int[] frameCoefProbs = new int[Vp8Tables.COEF_UPDATE_PROBS.length];
    private boolean countOnly;

    private final TemporalPattern layers;
    /** Reference frame every inter macroblock of the current frame predicts from (LAST or GOLDEN). */
    private int referenceFrame = Modes.LAST_FRAME;

    private long frameIndex;
    private long lastKeyFrame;
    private int qIndex = -1;
    /** Bits the last inter frame needed times its quantizer step: the rate model's constant. */
    private double complexity;
    private double bufferBits;

    /**
     * @param keyFrameInterval frames between periodic key frames (a large value leaves key frames to requests)
     * @param temporalLayers   1 (none), 2 or 3 temporal layers in the pattern WebRTC uses (see
     *                         {@link TemporalPattern}); each frame's layer is in {@link EncodedFrame#temporalLayer()}
     */
    public Vp8Encoder(int width, int height, double frameRate, int bitrate, int keyFrameInterval,
                      int temporalLayers) {
        if (width <= 0 || height <= 0 || width > 16383 || height > 16383) {
            throw new IllegalArgumentException("size " + width + "x" + height + " outside 1..16383");
        }
        if (keyFrameInterval <= 0) {
            throw new IllegalArgumentException("keyFrameInterval must be positive");
        }
        this.width = width;
        this.height = height;
        this.mbCols = (width + 15) >> 4;
        this.mbRows = (height + 15) >> 4;
        this.keyFrameInterval = keyFrameInterval;
        this.layers = TemporalPattern.of(temporalLayers);
        setFrameRate(frameRate);
        setTargetBitrate(bitrate);
        for (int k = 0; k < pool.length; k++) {
            pool[k] = new FrameBuffer(mbCols, mbRows);
        }
        cur = pool[0];
        info = new MacroblockInfo(mbCols, mbRows);
        aboveCtx = new int[mbCols * 9];
        frameLevels = new short[mbCols * mbRows * 25 * 16];
        frameEobs = new byte[mbCols * mbRows * 25];
    }

    /** An encoder without temporal layers. */
    public Vp8Encoder(int width, int height, double frameRate, int bitrate, int keyFrameInterval) {
        this(width, height, frameRate, bitrate, keyFrameInterval, 1);
    }

    /** An encoder with a key frame every 10 seconds. */
    public Vp8Encoder(int width, int height, double frameRate, int bitrate) {
        this(width, height, frameRate, bitrate, (int) Math.max(1, Math.round(frameRate * 10)));
    }

    @Override
    public void setTargetBitrate(int bitsPerSecond) {
        if (bitsPerSecond <= 0) {
            throw new IllegalArgumentException("bitrate must be positive");
        }
        bitrate = bitsPerSecond;
    }

    @Override
    public void setFrameRate(double framesPerSecond) {
        if (!(framesPerSecond > 0)) {
            throw new IllegalArgumentException("frame rate must be positive");
        }
        frameRate = framesPerSecond;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    /** The quantizer index (0..127) of the last frame encoded. */
    public int lastQuantizer() {
        return qIndex;
    }

    @Override
    public boolean encode(I420Frame frame, boolean forceKeyFrame, EncodedFrame out) {
        if (frame.width() != width || frame.height() != height) {
            throw new IllegalArgumentException("frame " + frame + " is not " + width + "x" + height);
        }
        boolean key = frameIndex == 0 || forceKeyFrame || frameIndex - lastKeyFrame >= keyFrameInterval;
        // The layer pattern restarts at every key frame, which is in layer 0.
        int position = key ? 0 : layers.position(frameIndex - lastKeyFrame);
        int layer = layers.layer(position);
        double targetBits = bitrate / frameRate;
        int q = chooseQuantizer(key, targetBits);
        if (!key) {
            q = Math.max(0, Math.min(127, q + layers.quantizerDelta(position)));
        }
        int filterLevel = Math.min(63, Vp8Tables.AC_QUANT[q] / 4);
        setUpQuantizers(q);

        referenceFrame = layers.reference(position);
        FrameBuffer ref = key ? null : referenceFrame == Modes.GOLDEN_FRAME ? golden : last;
        filterPlan.setUpUniform(filterLevel, key);
        boolean filtering = filterPlan.enabled();
        if (key) {
            System.arraycopy(Vp8Tables.DEFAULT_COEF_PROBS, 0, savedCoefProbs, 0, savedCoefProbs.length);
        }
        Arrays.fill(aboveCtx, 0);
        cur.setUpIntraTopEdge();
        int skipped = 0;
        int intra = 0;
        for (int r = 0; r < mbRows; r++) {
            cur.setUpIntraLeftEdge(r);
            Arrays.fill(leftCtx, 0);
            for (int c = 0; c < mbCols; c++) {
                int i = info.index(r, c);
                if (key) {
                    chooseIntra(frame, i, r, c);
                } else {
                    chooseInter(frame, ref, i, r, c);
                }
                if (info.refFrame[i] == Modes.INTRA_FRAME) {
                    intra++;
                }
                if (codeResidual(frame, i, r, c)) {
                    skipped++;
                }
            }
            // Above-right pixels of the next row's last macroblock, as the decoder sets them up.
            int lastRow = cur.yOrigin + (r * 16 + 15) * cur.yStride + cur.width;
            Arrays.fill(cur.y, lastRow, lastRow + 4, cur.y[lastRow - 1]);
            // The loop filter one row behind, as the decoder runs it: intra prediction sees unfiltered pixels.
            if (filtering && r > 0) {
                filterPlan.filterRow(cur, info, info.segment, r - 1);
            }
        }
        if (filtering) {
            filterPlan.filterRow(cur, info, info.segment, mbRows - 1);
        }
        cur.extendBorders();
        boolean refreshEntropy = key || layers.refreshesEntropy(position);
        int total = mbCols * mbRows;
        int probSkipFalse = clampProb((total - skipped) * 256 / total);
        int probIntra = clampProb(intra * 256 / total);
        tokenPass(true);
        chooseCoefProbs();
        writeHeader(key, q, filterLevel, probSkipFalse, probIntra, position, refreshEntropy);
        writeModes(key, probSkipFalse, probIntra);
        header.flush();
        tokens.reset();
        tokenPass(false);
        tokens.flush();
        if (refreshEntropy) {
            System.arraycopy(frameCoefProbs, 0, savedCoefProbs, 0, savedCoefProbs.length);
        }

        int size = assemble(key, out);
        updateReferences(key, position);
        out.set(size, key, layer, key || layers.syncsToBase(position));
        updateRateControl(key, q, size * 8.0, targetBits);
        if (key) {
            lastKeyFrame = frameIndex;
        }
        frameIndex++;
        if (LOG.isTraceEnabled()) {
            LOG.trace("frame {}: {} q={} {} bytes", frameIndex, key ? "key" : "inter", q, size);
        }
        return true;
    }

    /** The reference updates the frame header announced (RFC 6386 section 9.7); then a free buffer for the next. */
    private void updateReferences(boolean key, int position) {
        reconstructed = cur;
        if (key || layers.updatesGolden(position)) {
            golden = cur;
        }
        if (key || layers.updatesLast(position)) {
            last = cur;
        }
        for (FrameBuffer b : pool) {
            if (b != last && b != golden) {
                cur = b;
                return;
            }
        }
        throw new IllegalStateException("no free frame buffer");
    }

    /** Copies the reconstruction of the frame encoded last (what a decoder shows for it) into {@code out}. */
    void copyReconstruction(I420Frame out) {
        reconstructed.copyTo(out, width, height);
    }

    // ---- rate control ------------------------------------------------------------------------------------------

    private int chooseQuantizer(boolean key, double targetBits) {
        if (qIndex < 0) {
            double bitsPerPixel = targetBits / (width * (double) height);
            qIndex = bitsPerPixel > 0.3 ? 16 : bitsPerPixel > 0.15 ? 30 : bitsPerPixel > 0.07 ? 45
                    : bitsPerPixel > 0.03 ? 60 : 80;
            return key ? Math.max(0, qIndex - 30) : qIndex;
        }
        if (key) {
            return Math.max(0, qIndex - 12);
        }
        if (complexity > 0) {
            // Spend the target plus a share of what the buffer holds (or minus what it owes) over about a second.
            double desired = Math.max(targetBits * 0.2, targetBits + bufferBits / Math.max(1, frameRate));
            double step = complexity / desired;
            int q = 0;
            while (q < 127 && Vp8Tables.AC_QUANT[q] < step) {
                q++;
            }
            qIndex = Math.max(qIndex - 8, Math.min(qIndex + 8, q));
        }
        return qIndex;
    }

    private void updateRateControl(boolean key, int q, double bits, double targetBits) {
        bufferBits += targetBits - bits;
        double cap = targetBits * frameRate;
        bufferBits = Math.max(-cap, Math.min(cap, bufferBits));
        if (!key) {
            double c = bits * Vp8Tables.AC_QUANT[q];
            complexity = complexity == 0 ? c : 0.6 * c + 0.4 * complexity;
        } else if (complexity == 0) {
            complexity = bits * Vp8Tables.AC_QUANT[q] / 4;
        }
    }

    private void setUpQuantizers(int q) {
        quant[0] = Vp8Tables.DC_QUANT[q];
        quant[1] = Vp8Tables.AC_QUANT[q];
        quant[2] = Vp8Tables.DC_QUANT[q] * 2;
        quant[3] = Math.max(8, (Vp8Tables.AC_QUANT[q] * 101581) >> 16);
        quant[4] = Math.min(132, Vp8Tables.DC_QUANT[q]);
        quant[5] = Vp8Tables.AC_QUANT[q];
        for (int slot = 0; slot < 6; slot++) {
            long inverse = 65536 / quant[slot] + 1;
            quantInverse[slot] = inverse;
            // The least magnitude (plus rounding) that the reciprocal takes to a level of 1 or more.
            int one = (int) ((65536 + inverse - 1) / inverse);
            for (int zone = 0; zone < 12; zone += 6) {
                int round = quant[slot] / DEAD_ZONES[zone + slot];
                quantRound[zone + slot] = round;
                quantZero[zone + slot] = one - round;
            }
        }
    }

    private static int clampProb(int p) {
        return Math.max(1, Math.min(255, p));
    }

    // ---- mode decision -----------------------------------------------------------------------------------------

    private void chooseIntra(I420Frame src, int i, int r, int c) {
        int yo = cur.yOrigin + r * 16 * cur.yStride + c * 16;
        int best = Modes.DC_PRED;
        long bestSad = Long.MAX_VALUE;
        for (int mode = Modes.DC_PRED; mode <= Modes.TM_PRED; mode++) {
            IntraPredictor.predictBlock(mode, cur.y, yo, cur.yStride, 16, r > 0, c > 0);
            long sad = sad(src.y(), src.yOffset() + r * 16 * src.yStride() + c * 16, src.yStride(), cur.y, yo,
                    cur.yStride, 16, 16, r * 16, c * 16, src.width(), src.height());
            if (sad < bestSad) {
                bestSad = sad;
                best = mode;
            }
        }
        info.refFrame[i] = Modes.INTRA_FRAME;
        info.mv[i] = 0;
        chooseLumaIntra(src, i, r, c, best, bestSad);
        info.uvMode[i] = (byte) chooseChromaIntra(src, r, c);
    }

    /** Picks between the best whole-block mode (its SAD given) and B_PRED, leaving that prediction in place. */
    private void chooseLumaIntra(I420Frame src, int i, int r, int c, int best16, long sad16) {
        long penalty = Vp8Tables.AC_QUANT[qIndex];
        long limit = sad16 - penalty;
        if (limit > 0 && codeSubblocks(src, i, r, c, limit) < limit) {
            info.yMode[i] = Modes.B_PRED;
            return;
        }
        int yo = cur.yOrigin + r * 16 * cur.yStride + c * 16;
        IntraPredictor.predictBlock(best16, cur.y, yo, cur.yStride, 16, r > 0, c > 0);
        info.yMode[i] = (byte) best16;
    }

    private final int[] edge = new int[13];

    /**
     * B_PRED: for each subblock in turn, picks the best of the ten modes from the reconstructed neighbours, then
     * codes and reconstructs its residual (as the decoder will) so that the next subblocks see it. Returns the
     * total SAD of the predictions, or as soon as it reaches {@code limit}, a value at least that.
     */
    private long codeSubblocks(I420Frame src, int i, int r, int c, long limit) {
        byte[] p = cur.y;
        int ys = cur.yStride;
        int yo = cur.yOrigin + r * 16 * ys + c * 16;
        int aboveRight = yo - ys + 16;
        int[] e = edge;
        long total = 0;
        for (int b = 0; b < 16; b++) {
            int dst = yo + (b >> 2) * 4 * ys + (b & 3) * 4;
            int above = dst - ys;
            e[0] = p[above - 1] & 0xff;
            for (int k = 0; k < 4; k++) {
                e[1 + k] = p[above + k] & 0xff;
                e[9 + k] = p[dst + k * ys - 1] & 0xff;
            }
            int ar = (b & 3) == 3 && b > 3 ? aboveRight : above + 4;
            for (int k = 0; k < 4; k++) {
                e[5 + k] = p[ar + k] & 0xff;
            }
            int bx = c * 16 + (b & 3) * 4;
            int by = r * 16 + (b >> 2) * 4;
            int srcOff = src.yOffset() + by * src.yStride() + bx;
            int bestMode = 0;
            long bestSad = Long.MAX_VALUE;
            for (int mode = 0; mode < 10; mode++) {
                IntraPredictor.predictSubblock(mode, e, p, dst, ys);
                long sad = sad(src.y(), srcOff, src.yStride(), p, dst, ys, 4, 4, by, bx, width, height, bestSad);
                if (sad < bestSad) {
                    bestSad = sad;
                    bestMode = mode;
                }
            }
            total += bestSad;
            if (total >= limit) {
                return total;
            }
            IntraPredictor.predictSubblock(bestMode, e, p, dst, ys);
            info.sub[i * 16 + b] = bestMode;
            blockResidual(src.y(), src.yOffset(), src.yStride(), width, height, bx, by, p, dst, ys);
            ForwardTransform.fdct(residual, 0, 4, tmp, dct, b * 16);
            deadZone = 0;
            quantizeBlock(b, 0, 0, 1);
            addResidual(b, p, dst, ys);
        }
        return total;
    }

    private int chooseChromaIntra(I420Frame src, int r, int c) {
        int uvo = cur.uvOrigin + r * 8 * cur.uvStride + c * 8;
        int best = Modes.DC_PRED;
        long bestSad = Long.MAX_VALUE;
        for (int mode = Modes.DC_PRED; mode <= Modes.TM_PRED; mode++) {
            IntraPredictor.predictBlock(mode, cur.u, uvo, cur.uvStride, 8, r > 0, c > 0);
            IntraPredictor.predictBlock(mode, cur.v, uvo, cur.uvStride, 8, r > 0, c > 0);
            long sad = chromaSad(src, r, c, cur.u, cur.v, uvo);
            if (sad < bestSad) {
                bestSad = sad;
                best = mode;
            }
        }
        IntraPredictor.predictBlock(best, cur.u, uvo, cur.uvStride, 8, r > 0, c > 0);
        IntraPredictor.predictBlock(best, cur.v, uvo, cur.uvStride, 8, r > 0, c > 0);
        return best;
    }

    private long chromaSad(I420Frame src, int r, int c, byte[] u, byte[] v, int uvo) {
        int cw = src.chromaWidth();
        int ch = src.chromaHeight();
        return sad(src.u(), src.uOffset() + r * 8 * src.uStride() + c * 8, src.uStride(), u, uvo, cur.uvStride, 8, 8,
                r * 8, c * 8, cw, ch)
                + sad(src.v(), src.vOffset() + r * 8 * src.vStride() + c * 8, src.vStride(), v, uvo, cur.uvStride,
                8, 8, r * 8, c * 8, cw, ch);
    }

    private void chooseInter(I420Frame src, FrameBuffer ref, int i, int r, int c) {
        int toLeft = -((c * 16) << 3);
        int toRight = ((mbCols - 1 - c) * 16) << 3;
        int toTop = -((r * 16) << 3);
        int toBottom = ((mbRows - 1 - r) * 16) << 3;
        info.refFrame[i] = (byte) referenceFrame;
        info.yMode[i] = Modes.ZEROMV;
        info.mv[i] = 0;
        nearMvs.find(info, i, referenceFrame);
        int nearest = NearMvs.clamp(nearMvs.near[1], toLeft, toRight, toTop, toBottom);
        int near = NearMvs.clamp(nearMvs.near[2], toLeft, toRight, toTop, toBottom);
        int best = NearMvs.clamp(nearMvs.near[nearMvs.bestIndex()], toLeft, toRight, toTop, toBottom);

        int srcOff = src.yOffset() + r * 16 * src.yStride() + c * 16;
        int refBase = ref.yOrigin + r * 16 * ref.yStride + c * 16;
        // Vectors stay within 16 pixels outside the frame (no clamping on either side) and within reach of a
        // coded difference from the best vector.
        int minCol = Math.max(toLeft - NearMvs.MARGIN, mvCol(best) - 2040);
        int maxCol = Math.min(toRight + NearMvs.MARGIN, mvCol(best) + 2040);
        int minRow = Math.max(toTop - NearMvs.MARGIN, mvRow(best) - 2040);
        int maxRow = Math.min(toBottom + NearMvs.MARGIN, mvRow(best) + 2040);

        // Full-pixel diamond search from the best of zero and the predicted vectors.
        int startRow = 0;
        int startCol = 0;
        long bestSad = fullSad(src, srcOff, ref, refBase, 0, 0, r, c, Long.MAX_VALUE);
        long lambda = Vp8Tables.AC_QUANT[qIndex];
        if (bestSad <= 2 * 256) {
            // Static content: the zero vector is as good as any search would find.
            predictInter(ref, r, c, 0);
            return;
        }
        for (int cand : candidates(nearest, near, best)) {
            int cr = (mvRow(cand) + 4) >> 3;
            int cc = (mvCol(cand) + 4) >> 3;
            if (inRange(cr * 8, cc * 8, minRow, maxRow, minCol, maxCol)) {
                long s = fullSad(src, srcOff, ref, refBase, cr, cc, r, c, bestSad);
                if (s < bestSad) {
                    bestSad = s;
                    startRow = cr;
                    startCol = cc;
                }
            }
        }
        int br = startRow;
        int bc = startCol;
        int evaluations = 0;
        for (int step = 8; step >= 1; step >>= 1) {
            boolean moved = true;
            while (moved && evaluations < 64) {
                moved = false;
                for (int d = 0; d < 4; d++) {
                    int nr = br + (d == 0 ? -step : d == 1 ? step : 0);
                    int nc = bc + (d == 2 ? -step : d == 3 ? step : 0);
                    if (Math.abs(nr - startRow) > SEARCH_RANGE || Math.abs(nc - startCol) > SEARCH_RANGE
                            || !inRange(nr * 8, nc * 8, minRow, maxRow, minCol, maxCol)) {
                        continue;
                    }
                    evaluations++;
                    long s = fullSad(src, srcOff, ref, refBase, nr, nc, r, c, bestSad);
                    if (s < bestSad) {
                        bestSad = s;
                        br = nr;
                        bc = nc;
                        moved = true;
                    }
                }
            }
        }
        // Quarter-pixel refinement, estimated with bilinear interpolation (cheap) around the full-pixel best.
        int bestRow8 = br * 8;
        int bestCol8 = bc * 8;
        long bestSubSad = bestSad;
        for (int step = 4; step >= 2; step >>= 1) {
            int centerRow = bestRow8;
            int centerCol = bestCol8;
            for (int dr = -step; dr <= step; dr += step) {
                for (int dc = -step; dc <= step; dc += step) {
                    if (dr == 0 && dc == 0) {
                        continue;
                    }
                    int mr = centerRow + dr;
                    int mc = centerCol + dc;
                    if (!inRange(mr, mc, minRow, maxRow, minCol, maxCol)) {
                        continue;
                    }
                    long s = subpelSad(src, srcOff, ref, refBase, mr, mc, r, c, bestSubSad);
                    if (s < bestSubSad) {
                        bestSubSad = s;
                        bestRow8 = mr;
                        bestCol8 = mc;
                    }
                }
            }
        }
        int chosen = mv(bestRow8, bestCol8);
        long interCost = bestSubSad + (chosen == nearest || chosen == near || chosen == 0 ? 0 : 4 * lambda);

        // Intra alternative, when motion predicts poorly: predict in place and compare.
        int yo = cur.yOrigin + r * 16 * cur.yStride + c * 16;
        int intraMode = Modes.DC_PRED;
        long intraSad = Long.MAX_VALUE;
        if (interCost > 256 * 6) {
            for (int mode = Modes.DC_PRED; mode <= Modes.TM_PRED; mode++) {
                IntraPredictor.predictBlock(mode, cur.y, yo, cur.yStride, 16, r > 0, c > 0);
                long s = sad(src.y(), srcOff, src.yStride(), cur.y, yo, cur.yStride, 16, 16, r * 16, c * 16, width,
                        height, intraSad);
                if (s < intraSad) {
                    intraSad = s;
                    intraMode = mode;
                }
            }
        }
        if (intraSad != Long.MAX_VALUE && intraSad + 8 * lambda < interCost) {
            info.refFrame[i] = Modes.INTRA_FRAME;
            info.mv[i] = 0;
            chooseLumaIntra(src, i, r, c, intraMode, intraSad);
            info.uvMode[i] = (byte) chooseChromaIntra(src, r, c);
            return;
        }
        int mode = chosen == 0 ? Modes.ZEROMV : chosen == nearest ? Modes.NEARESTMV
                : chosen == near ? Modes.NEARMV : Modes.NEWMV;
        info.yMode[i] = (byte) mode;
        info.mv[i] = chosen;
        info.needClamp[i] = 0;
        predictInter(ref, r, c, chosen);
    }

    private final int[] candidateScratch = new int[3];

    private int[] candidates(int a, int b, int c) {
        candidateScratch[0] = a;
        candidateScratch[1] = b;
        candidateScratch[2] = c;
        return candidateScratch;
    }

    private static boolean inRange(int row8, int col8, int minRow, int maxRow, int minCol, int maxCol) {
        return row8 >= minRow && row8 <= maxRow && col8 >= minCol && col8 <= maxCol;
    }

    private void predictInter(FrameBuffer ref, int r, int c, int m) {
        int row = mvRow(m);
        int col = mvCol(m);
        int yo = cur.yOrigin + r * 16 * cur.yStride + c * 16;
        InterPredictor.predict(ref.y, ref.yOrigin + (r * 16 + (row >> 3)) * ref.yStride + c * 16 + (col >> 3),
                ref.yStride, cur.y, yo, cur.yStride, 16, 16, col & 7, row & 7, false, filterScratch);
        int crow = (row + (row < 0 ? -1 : 1)) / 2;
        int ccol = (col + (col < 0 ? -1 : 1)) / 2;
        int uvo = cur.uvOrigin + r * 8 * cur.uvStride + c * 8;
        int src = ref.uvOrigin + (r * 8 + (crow >> 3)) * ref.uvStride + c * 8 + (ccol >> 3);
        InterPredictor.predict(ref.u, src, ref.uvStride, cur.u, uvo, cur.uvStride, 8, 8, ccol & 7, crow & 7, false,
                filterScratch);
        InterPredictor.predict(ref.v, src, ref.uvStride, cur.v, uvo, cur.uvStride, 8, 8, ccol & 7, crow & 7, false,
                filterScratch);
    }

    private long fullSad(I420Frame src, int srcOff, FrameBuffer ref, int refBase, int dr, int dc, int r, int c,
                         long limit) {
        return sad(src.y(), srcOff, src.yStride(), ref.y, refBase + dr * ref.yStride + dc, ref.yStride, 16, 16,
                r * 16, c * 16, width, height, limit);
    }

    /** SAD against the reference at an eighth-pel position, interpolating bilinearly at quarter-pel accuracy. */
    private long subpelSad(I420Frame src, int srcOff, FrameBuffer ref, int refBase, int row8, int col8, int r,
                           int c, long limit) {
        int fy = (row8 & 7) >> 1;
        int fx = (col8 & 7) >> 1;
        int base = refBase + (row8 >> 3) * ref.yStride + (col8 >> 3);
        byte[] p = ref.y;
        int rs = ref.yStride;
        byte[] s = src.y();
        int ss = src.yStride();
        int rowsIn = Math.min(16, height - r * 16);
        int colsIn = Math.min(16, width - c * 16);
        int w00 = (4 - fx) * (4 - fy);
        int w01 = fx * (4 - fy);
        int w10 = (4 - fx) * fy;
        int w11 = fx * fy;
        long sum = 0;
        for (int y = 0; y < rowsIn; y++) {
            int o = base + y * rs;
            int so = srcOff + y * ss;
            int rowSum = 0;
            for (int x = 0; x < colsIn; x++) {
                int v = ((p[o + x] & 0xff) * w00 + (p[o + x + 1] & 0xff) * w01 + (p[o + x + rs] & 0xff) * w10
                        + (p[o + x + rs + 1] & 0xff) * w11 + 8) >> 4;
                rowSum += Math.abs((s[so + x] & 0xff) - v);
            }
            sum += rowSum;
            if (sum >= limit) {
                return sum;
            }
        }
        return sum;
    }

    /** SAD over the part of a block inside the picture (the source has no pixels beyond it). */
    private static long sad(byte[] a, int ao, int as, byte[] b, int bo, int bs, int w, int h, int y0, int x0,
                            int planeWidth, int planeHeight) {
        return sad(a, ao, as, b, bo, bs, w, h, y0, x0, planeWidth, planeHeight, Long.MAX_VALUE);
    }

    /** The same, giving up (with a sum of at least {@code limit}) once the rows so far reach {@code limit}. */
    private static long sad(byte[] a, int ao, int as, byte[] b, int bo, int bs, int w, int h, int y0, int x0,
                            int planeWidth, int planeHeight, long limit) {
        int rows = Math.min(h, planeHeight - y0);
        int cols = Math.min(w, planeWidth - x0);
        long sum = 0;
        for (int y = 0; y < rows; y++) {
            int pa = ao + y * as;
            int pb = bo + y * bs;
            int rowSum = 0;
            for (int x = 0; x < cols; x++) {
                rowSum += Math.abs((a[pa + x] & 0xff) - (b[pb + x] & 0xff));
            }
            sum += rowSum;
            if (sum >= limit) {
                return sum;
            }
        }
        return sum;
    }

    // ---- residual ----------------------------------------------------------------------------------------------

    /**
     * Transforms, quantizes and codes the residual of macroblock {@code i} against the prediction already in
     * {@link #cur}, then reconstructs it as the decoder will. Returns true when it has no coefficients (skipped).
     */
    private boolean codeResidual(I420Frame src, int i, int r, int c) {
        int ys = cur.yStride;
        int yo = cur.yOrigin + r * 16 * ys + c * 16;
        int uvs = cur.uvStride;
        int uvo = cur.uvOrigin + r * 8 * uvs + c * 8;
        boolean subblocks = info.yMode[i] == Modes.B_PRED;
        for (int b = 0; b < 16 && !subblocks; b++) {
            int bx = c * 16 + (b & 3) * 4;
            int by = r * 16 + (b >> 2) * 4;
            blockResidual(src.y(), src.yOffset(), src.yStride(), width, height, bx, by, cur.y,
                    yo + (b >> 2) * 4 * ys + (b & 3) * 4, ys);
            ForwardTransform.fdct(residual, 0, 4, tmp, dct, b * 16);
        }
        int cw = src.chromaWidth();
        int ch = src.chromaHeight();
        for (int b = 16; b < 24; b++) {
            int k = b & 3;
            int bx = c * 8 + (k & 1) * 4;
            int by = r * 8 + (k >> 1) * 4;
            boolean isU = b < 20;
            blockResidual(isU ? src.u() : src.v(), isU ? src.uOffset() : src.vOffset(),
                    isU ? src.uStride() : src.vStride(), cw, ch, bx, by, isU ? cur.u : cur.v,
                    uvo + (k >> 1) * 4 * uvs + (k & 1) * 4, uvs);
            ForwardTransform.fdct(residual, 0, 4, tmp, dct, b * 16);
        }

        // Quantize: levels in scan order, dequantized values (as the decoder computes them) in raster order. Inter
        // residuals get a wider dead zone: much of them is the previous frame's quantization noise.
        boolean inter = info.refFrame[i] != Modes.INTRA_FRAME;
        deadZone = inter ? 1 : 0;
        boolean any = false;
        if (subblocks) {
            // Luma was coded and reconstructed subblock by subblock.
            eobs[24] = 0;
            for (int b = 0; b < 16; b++) {
                any |= eobs[b] > 0;
            }
        } else {
            ForwardTransform.fwht(dct, tmp, dct, 24 * 16);
            any |= quantizeBlock(24, 0, 2, 3);
            for (int b = 0; b < 16; b++) {
                any |= quantizeBlock(b, 1, 0, 1);
            }
        }
        for (int b = 16; b < 24; b++) {
            any |= quantizeBlock(b, 0, 4, 5);
        }
        if (inter && any) {
            any = decimate();
        }
        if (!any) {
            info.skip[i] = 1;
            Arrays.fill(coeffs, 0);
            return true;
        }
        info.skip[i] = 0;
        // Kept for the token partition, written once this frame's probabilities are chosen.
        short[] fl = frameLevels;
        int slot = r * mbCols + c;
        int lb = slot * 25 * 16;
        for (int b = 0; b < 25; b++) {
            // Only levels before the end of block are ever read back.
            int eob = eobs[b];
            for (int k = b * 16, end = k + eob; k < end; k++) {
                fl[lb + k] = (short) levels[k];
            }
            frameEobs[slot * 25 + b] = (byte) eob;
        }
        if (!subblocks) {
            // Reconstruct exactly as FrameReconstructor does for a macroblock with Y2.
            InverseTransform.iwht(coeffs, 24 * 16, tmp, coeffs);
            for (int b = 0; b < 16; b++) {
                addResidual(b, cur.y, yo + (b >> 2) * 4 * ys + (b & 3) * 4, ys);
            }
        }
        for (int b = 16; b < 24; b++) {
            int k = b & 3;
            addResidual(b, b < 20 ? cur.u : cur.v, uvo + (k >> 1) * 4 * uvs + (k & 1) * 4, uvs);
        }
        return false;
    }

    private void blockResidual(byte[] s, int sOff, int sStride, int planeW, int planeH, int x, int y, byte[] pred,
                               int pOff, int pStride) {
        if (x + 4 <= planeW && y + 4 <= planeH) {
            int so = sOff + y * sStride + x;
            for (int row = 0; row < 4; row++) {
                int sr = so + row * sStride;
                int pr = pOff + row * pStride;
                int k = row * 4;
                residual[k] = (s[sr] & 0xff) - (pred[pr] & 0xff);
                residual[k + 1] = (s[sr + 1] & 0xff) - (pred[pr + 1] & 0xff);
                residual[k + 2] = (s[sr + 2] & 0xff) - (pred[pr + 2] & 0xff);
                residual[k + 3] = (s[sr + 3] & 0xff) - (pred[pr + 3] & 0xff);
            }
            return;
        }
        for (int row = 0; row < 4; row++) {
            // Outside the picture the source repeats its edge, so the residual there stays small.
            int sy = Math.min(y + row, planeH - 1);
            for (int col = 0; col < 4; col++) {
                int sx = Math.min(x + col, planeW - 1);
                residual[row * 4 + col] = (s[sOff + sy * sStride + sx] & 0xff) - (pred[pOff + row * pStride + col] & 0xff);
            }
        }
    }

    /** Dead zone in use: 0 for intra residuals, 1 for inter ones (wider: {@link #DEAD_ZONES}). */
    private int deadZone;
    /** Divisors of the step giving the rounding offset, by dead zone and DC (even) or AC (odd) quantizer slot. */
    private static final int[] DEAD_ZONES = {2, 3, 2, 3, 2, 3, 3, 6, 3, 6, 3, 6};
    /** Per quantizer slot: the reciprocal of the step in 16.16 fixed point. */
    private final long[] quantInverse = new long[6];
    /** By dead zone and slot: the rounding offset, and the magnitude below which a coefficient quantizes to 0. */
    private final int[] quantRound = new int[12];
    private final int[] quantZero = new int[12];

    /**
     * Drops the coefficients of an inter macroblock's luma or chroma when they are only a few scattered ones: they
     * cost more to code than they improve the picture (the idea of x264's decimation). Returns whether any remain.
     */
    private boolean decimate() {
        if (sparse(0, 16, 1, 4)) {
            clearBlocks(0, 16, 1);
        }
        if (sparse(16, 24, 0, 2)) {
            clearBlocks(16, 24, 0);
        }
        boolean any = eobs[24] > 0;
        for (int b = 0; b < 24 && !any; b++) {
            any = eobs[b] > (b < 16 ? 1 : 0);
        }
        return any;
    }

    private boolean sparse(int from, int to, int first, int maxOnes) {
        int ones = 0;
        for (int b = from; b < to; b++) {
            for (int n = first; n < eobs[b]; n++) {
                int l = levels[b * 16 + n];
                if (l > 1 || l < -1) {
                    return false;
                }
                if (l != 0 && ++ones > maxOnes) {
                    return false;
                }
            }
        }
        return true;
    }

    private void clearBlocks(int from, int to, int first) {
        for (int b = from; b < to; b++) {
            int base = b * 16;
            for (int n = first; n < 16; n++) {
                levels[base + n] = 0;
                coeffs[base + TokenDecoder.ZIGZAG[n]] = 0;
            }
            eobs[b] = first;
        }
    }

    /** Quantizes block {@code b} from scan position {@code first}; records its end of block. */
    private boolean quantizeBlock(int b, int first, int dcSlot, int acSlot) {
        int base = b * 16;
        int eob = first;
        int zone = deadZone * 6;
        int[] levels = this.levels;
        int[] coeffs = this.coeffs;
        int[] dct = this.dct;
        for (int n = first; n < 16; n++) {
            int slot = n == 0 ? dcSlot : acSlot;
            int pos = TokenDecoder.ZIGZAG[n];
            int v = dct[base + pos];
            int a = Math.abs(v);
            if (a < quantZero[zone + slot]) {
                // The common case, without the multiplication: the level would be 0.
                levels[base + n] = 0;
                coeffs[base + pos] = 0;
                continue;
            }
            // Division by the step as a multiplication by its reciprocal in 16.16 fixed point: a level off by one
            // at a rounding boundary is still a valid level (the decoder multiplies back whatever is sent). Round
            // with a dead zone (levels that cost more bits than they repair), wider for AC.
            int level = (int) (((a + quantRound[zone + slot]) * quantInverse[slot]) >> 16);
            level = Math.min(level, 2047 + 67);
            if (v < 0) {
                level = -level;
            }
            levels[base + n] = level;
            coeffs[base + pos] = (short) (level * quant[slot]);
            if (level != 0) {
                eob = n + 1;
            }
        }
        if (first == 1) {
            coeffs[base] = 0;
        }
        eobs[b] = eob;
        return eob > first;
    }

    private void addResidual(int b, byte[] plane, int dst, int stride) {
        int off = b * 16;
        boolean hasAc = b < 16 ? eobs[b] > 1 : eobs[b] > 1;
        if (hasAc) {
            InverseTransform.idctAdd(coeffs, off, tmp, plane, dst, stride);
        } else {
            int dc = coeffs[off];
            if (dc != 0) {
                InverseTransform.dcOnlyAdd(dc, plane, dst, stride);
            }
            Arrays.fill(coeffs, off, off + 16, 0);
        }
    }

    /**
     * Walks the frame's tokens in macroblock order with the contexts the decoder will see: once counting how
     * each probability's branch goes, then (after {@link #chooseCoefProbs}) writing the token partition.
     */
    private void tokenPass(boolean count) {
        countOnly = count;
        if (count) {
            Arrays.fill(coefCounts, 0);
        }
        Arrays.fill(aboveCtx, 0);
        for (int r = 0; r < mbRows; r++) {
            Arrays.fill(leftCtx, 0);
            for (int c = 0; c < mbCols; c++) {
                int i = info.index(r, c);
                boolean subblocks = info.yMode[i] == Modes.B_PRED;
                if (info.skip[i] != 0) {
                    // As the decoder: a macroblock without Y2 keeps the Y2 context.
                    int a = c * 9;
                    Arrays.fill(aboveCtx, a, a + (subblocks ? 8 : 9), 0);
                    Arrays.fill(leftCtx, 0, subblocks ? 8 : 9, 0);
                } else {
                    writeTokens(r * mbCols + c, c, subblocks);
                }
            }
        }
    }

    private void writeTokens(int mb, int mbCol, boolean subblocks) {
        int a = mbCol * 9;
        int eobBase = mb * 25;
        byte[] fe = frameEobs;
        if (!subblocks) {
            int ctx = aboveCtx[a + 8] + leftCtx[8];
            writeBlock(TokenDecoder.TYPE_Y2, ctx, 0, mb, 24);
            aboveCtx[a + 8] = leftCtx[8] = fe[eobBase + 24] > 0 ? 1 : 0;
        }
        int first = subblocks ? 0 : 1;
        int type = subblocks ? TokenDecoder.TYPE_Y_WITH_DC : TokenDecoder.TYPE_Y_AFTER_Y2;
        for (int b = 0; b < 16; b++) {
            int ai = a + (b & 3);
            int li = b >> 2;
            writeBlock(type, aboveCtx[ai] + leftCtx[li], first, mb, b);
            aboveCtx[ai] = leftCtx[li] = fe[eobBase + b] > first ? 1 : 0;
        }
        for (int b = 16; b < 24; b++) {
            int plane = b < 20 ? 4 : 6;
            int ai = a + plane + (b & 1);
            int li = plane + ((b & 3) >> 1);
            writeBlock(TokenDecoder.TYPE_CHROMA, aboveCtx[ai] + leftCtx[li], 0, mb, b);
            aboveCtx[ai] = leftCtx[li] = fe[eobBase + b] > 0 ? 1 : 0;
        }
    }

    /** One branch of the token tree with an adaptive probability: counted, or written with this frame's value. */
    private void coef(int bit, int probIndex) {
        if (countOnly) {
            coefCounts[2 * probIndex + bit]++;
        } else {
            tokens.writeBool(bit, frameCoefProbs[probIndex]);
        }
    }

    /** A branch with a fixed probability (extra bits, signs): nothing to count. */
    private void fixed(int bit, int prob) {
        if (!countOnly) {
            tokens.writeBool(bit, prob);
        }
    }

    /** The tokens of one block (RFC 6386 section 13), the mirror of {@link TokenDecoder}'s reading. */
    private void writeBlock(int type, int ctx, int first, int mb, int b) {
        int typeBase = type * (8 * 3 * 11);
        int eob = frameEobs[mb * 25 + b];
        int base = (mb * 25 + b) * 16;
        short[] lv = frameLevels;
        int p = typeBase + (TokenDecoder.BANDS[first] * 3 + ctx) * 11;
        if (eob == first) {
            coef(0, p);
            return;
        }
        coef(1, p);
        for (int n = first; n < eob; n++) {
            int v = lv[base + n];
            if (v == 0) {
                coef(0, p + 1);
                p = typeBase + TokenDecoder.BANDS[n + 1] * 33;
                continue;
            }
            coef(1, p + 1);
            int a = Math.abs(v);
            int next;
            if (a == 1) {
                coef(0, p + 2);
                next = 1;
            } else {
                coef(1, p + 2);
                next = 2;
                if (a <= 4) {
                    coef(0, p + 3);
                    if (a == 2) {
                        coef(0, p + 4);
                    } else {
                        coef(1, p + 4);
                        coef(a == 4 ? 1 : 0, p + 5);
                    }
                } else if (a <= 10) {
                    coef(1, p + 3);
                    coef(0, p + 6);
                    if (a <= 6) {
                        coef(0, p + 7);
                        fixed(a - 5, 159);
                    } else {
                        coef(1, p + 7);
                        int x = a - 7;
                        fixed(x >> 1, 165);
                        fixed(x & 1, 145);
                    }
                } else {
                    coef(1, p + 3);
                    coef(1, p + 6);
                    int cat = a <= 18 ? 0 : a <= 34 ? 1 : a <= 66 ? 2 : 3;
                    coef(cat >> 1, p + 8);
                    coef(cat & 1, p + 9 + (cat >> 1));
                    int[] extra = TokenDecoder.CATS[cat];
                    int x = a - (3 + (8 << cat));
                    for (int k = 0; k < extra.length; k++) {
                        fixed((x >> (extra.length - 1 - k)) & 1, extra[k]);
                    }
                }
            }
            fixed(v < 0 ? 1 : 0, 128);
            p = typeBase + TokenDecoder.BANDS[n + 1] * 33 + next * 11;
            if (n + 1 < 16) {
                coef(n + 1 < eob ? 1 : 0, p);
            }
        }
    }

    /**
     * Chooses this frame's token probabilities from the counts: a probability is sent (8 bits plus its flag) where
     * coding the frame's tokens with the value that fits them saves more than sending it costs.
     */
    private void chooseCoefProbs() {
        int[] update = Vp8Tables.COEF_UPDATE_PROBS;
        int[] cost = BIT_COST;
        for (int k = 0; k < frameCoefProbs.length; k++) {
            int old = savedCoefProbs[k];
            frameCoefProbs[k] = old;
            int n0 = coefCounts[2 * k];
            int n1 = coefCounts[2 * k + 1];
            int n = n0 + n1;
            if (n == 0) {
                continue;
            }
            int fit = (int) Math.max(1, Math.min(255, ((long) n0 * 256 + (n >> 1)) / n));
            long oldBits = (long) n0 * cost[old] + (long) n1 * cost[256 - old];
            long newBits = (long) n0 * cost[fit] + (long) n1 * cost[256 - fit];
            long sendBits = 8 * 256L + cost[256 - update[k]] - cost[update[k]];
            if (oldBits - newBits > sendBits) {
                frameCoefProbs[k] = fit;
            }
        }
    }

    /** Cost in 1/256 bit of coding an event of probability {@code p / 256}: -256 log2(p / 256). */
    private static final int[] BIT_COST = new int[257];

    static {
        BIT_COST[0] = 256 * 16;
        for (int p = 1; p <= 256; p++) {
            BIT_COST[p] = (int) Math.round(-256 * Math.log(p / 256.0) / Math.log(2));
        }
    }

    // ---- bitstream ---------------------------------------------------------------------------------------------

    private void writeHeader(boolean key, int q, int filterLevel, int probSkipFalse, int probIntra, int position,
                             boolean refreshEntropy) {
        BoolEncoder e = header;
        e.reset();
        if (key) {
            e.writeBit(0); // colour space
            e.writeBit(0); // clamping required
        }
        e.writeBit(0); // no segmentation
        e.writeBit(0); // normal loop filter
        e.writeLiteral(filterLevel, 6);
        e.writeLiteral(0, 3); // sharpness
        e.writeBit(0); // no loop filter deltas
        e.writeLiteral(0, 2); // one token partition
        e.writeLiteral(q, 7);
        for (int k = 0; k < 5; k++) {
            e.writeBit(0); // no quantizer deltas
        }
        if (!key) {
            boolean golden = layers.updatesGolden(position);
            e.writeBit(golden ? 1 : 0); // refresh golden
            e.writeBit(0); // refresh altref
            if (!golden) {
                e.writeLiteral(0, 2); // no copy to golden
            }
            e.writeLiteral(0, 2); // no copy to altref
            e.writeBit(0); // golden sign bias
            e.writeBit(0); // altref sign bias
        }
        e.writeBit(refreshEntropy ? 1 : 0); // keep this frame's probabilities for the next frames
        if (!key) {
            e.writeBit(layers.updatesLast(position) ? 1 : 0); // refresh last
        }
        int[] update = Vp8Tables.COEF_UPDATE_PROBS;
        for (int k = 0; k < update.length; k++) {
            if (frameCoefProbs[k] != savedCoefProbs[k]) {
                e.writeBool(1, update[k]);
                e.writeLiteral(frameCoefProbs[k], 8);
            } else {
                e.writeBool(0, update[k]);
            }
        }
        e.writeBit(1); // per-macroblock skip flags
        e.writeLiteral(probSkipFalse, 8);
        if (!key) {
            e.writeLiteral(probIntra, 8);
            // Every inter macroblock of a frame uses the same reference: LAST, or GOLDEN (prob_last near 0).
            e.writeLiteral(referenceFrame == Modes.LAST_FRAME ? 255 : 1, 8); // prob_last
            e.writeLiteral(255, 8); // prob_gf: GOLDEN rather than ALTREF
            e.writeBit(0); // no ymode probability update
            e.writeBit(0); // no uv mode probability update
            int[] mvUpdate = Vp8Tables.MV_UPDATE_PROBS;
            for (int k = 0; k < mvUpdate.length; k++) {
                e.writeBool(0, mvUpdate[k]);
            }
        }
    }

    private void writeModes(boolean key, int probSkipFalse, int probIntra) {
        BoolEncoder e = header;
        nearMvs.setSignBias(false, false);
        for (int r = 0; r < mbRows; r++) {
            for (int c = 0; c < mbCols; c++) {
                int i = info.index(r, c);
                e.writeBool(info.skip[i], probSkipFalse);
                if (key) {
                    e.writeTree(ModeParser.KF_YMODE_TREE, ModeParser.KF_YMODE_PROBS, 0, info.yMode[i]);
                    if (info.yMode[i] == Modes.B_PRED) {
                        for (int b = 0; b < 16; b++) {
                            int a = b < 4 ? ModeParser.neighbourBmode(info, i - info.stride, b + 12)
                                    : info.sub[i * 16 + b - 4];
                            int l = (b & 3) == 0 ? ModeParser.neighbourBmode(info, i - 1, b + 3)
                                    : info.sub[i * 16 + b - 1];
                            e.writeTree(ModeParser.BMODE_TREE, Vp8Tables.KF_BMODE_PROBS, (a * 10 + l) * 9,
                                    info.sub[i * 16 + b]);
                        }
                    }
                    e.writeTree(ModeParser.UV_MODE_TREE, ModeParser.KF_UV_MODE_PROBS, 0, info.uvMode[i]);
                    continue;
                }
                if (info.refFrame[i] == Modes.INTRA_FRAME) {
                    e.writeBool(0, probIntra);
                    e.writeTree(ModeParser.YMODE_TREE, EntropyContext.DEFAULT_YMODE_PROBS, 0, info.yMode[i]);
                    if (info.yMode[i] == Modes.B_PRED) {
                        for (int b = 0; b < 16; b++) {
                            e.writeTree(ModeParser.BMODE_TREE, ModeParser.BMODE_PROBS, 0, info.sub[i * 16 + b]);
                        }
                    }
                    e.writeTree(ModeParser.UV_MODE_TREE, EntropyContext.DEFAULT_UV_MODE_PROBS, 0, info.uvMode[i]);
                    continue;
                }
                e.writeBool(1, probIntra);
                if (referenceFrame == Modes.LAST_FRAME) {
                    e.writeBool(0, 255);
                } else {
                    e.writeBool(1, 1);
                    e.writeBool(0, 255);
                }
                nearMvs.find(info, i, referenceFrame);
                int[] cnt = nearMvs.counts;
                int[] mc = Vp8Tables.MODE_CONTEXTS;
                int mode = info.yMode[i];
                e.writeBool(mode == Modes.ZEROMV ? 0 : 1, mc[cnt[0] * 4]);
                if (mode == Modes.ZEROMV) {
                    continue;
                }
                e.writeBool(mode == Modes.NEARESTMV ? 0 : 1, mc[cnt[1] * 4 + 1]);
                if (mode == Modes.NEARESTMV) {
                    continue;
                }
                e.writeBool(mode == Modes.NEARMV ? 0 : 1, mc[cnt[2] * 4 + 2]);
                if (mode == Modes.NEARMV) {
                    continue;
                }
                e.writeBool(0, mc[nearMvs.splitCount * 4 + 3]); // NEWMV, not split
                int toLeft = -((c * 16) << 3);
                int toRight = ((mbCols - 1 - c) * 16) << 3;
                int toTop = -((r * 16) << 3);
                int toBottom = ((mbRows - 1 - r) * 16) << 3;
                int best = NearMvs.clamp(nearMvs.near[nearMvs.bestIndex()], toLeft, toRight, toTop, toBottom);
                writeMvComponent((mvRow(info.mv[i]) - mvRow(best)) >> 1, 0);
                writeMvComponent((mvCol(info.mv[i]) - mvCol(best)) >> 1, 19);
            }
        }
    }

    /** One motion vector difference component in quarter pels (RFC 6386 section 17.2). */
    private void writeMvComponent(int x, int base) {
        BoolEncoder e = header;
        int[] p = Vp8Tables.DEFAULT_MV_PROBS;
        int a = Math.abs(x);
        if (a < 8) {
            e.writeBool(0, p[base]);
            e.writeTree(ModeParser.SMALL_MV_TREE, p, base + 2, a);
        } else {
            e.writeBool(1, p[base]);
            for (int k = 0; k < 3; k++) {
                e.writeBool((a >> k) & 1, p[base + 9 + k]);
            }
            for (int k = 9; k > 3; k--) {
                e.writeBool((a >> k) & 1, p[base + 9 + k]);
            }
            if ((a & 0xfff0) != 0) {
                e.writeBool((a >> 3) & 1, p[base + 9 + 3]);
            }
        }
        if (a != 0) {
            e.writeBool(x < 0 ? 1 : 0, p[base + 1]);
        }
    }

    /** Frame tag (and key frame start code and size), first partition, token partition. */
    private int assemble(boolean key, EncodedFrame out) {
        int first = header.length();
        int second = tokens.length();
        int headerBytes = key ? 10 : 3;
        byte[] b = out.ensureCapacity(headerBytes + first + second);
        int tag = (first << 5) | (1 << 4) | (key ? 0 : 1);
        b[0] = (byte) tag;
        b[1] = (byte) (tag >> 8);
        b[2] = (byte) (tag >> 16);
        if (key) {
            b[3] = (byte) 0x9d;
            b[4] = 0x01;
            b[5] = 0x2a;
            b[6] = (byte) width;
            b[7] = (byte) (width >> 8);
            b[8] = (byte) height;
            b[9] = (byte) (height >> 8);
        }
        System.arraycopy(header.data(), 0, b, headerBytes, first);
        System.arraycopy(tokens.data(), 0, b, headerBytes + first, second);
        return headerBytes + first + second;
    }

    @Override
    public void close() {
        last = golden = reconstructed = null;
    }
}
