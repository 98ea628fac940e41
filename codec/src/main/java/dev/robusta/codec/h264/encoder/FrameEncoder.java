package dev.robusta.codec.h264.encoder;

import dev.robusta.codec.h264.decoder.BlockInterpolator;
import dev.robusta.codec.h264.decoder.CAVLC;
import dev.robusta.codec.h264.decoder.CoeffTransformer;
import java.nio.ByteBuffer;
import org.jcodec.codecs.h264.H264Const;
import org.jcodec.codecs.h264.io.model.MBType;
import org.jcodec.codecs.h264.io.model.NALUnit;
import org.jcodec.codecs.h264.io.model.NALUnitType;
import org.jcodec.codecs.h264.io.model.PictureParameterSet;
import org.jcodec.codecs.h264.io.model.RefPicMarkingIDR;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.codecs.h264.io.model.SliceHeader;
import org.jcodec.codecs.h264.io.model.SliceType;
import org.jcodec.codecs.h264.io.write.CAVLCWriter;
import org.jcodec.codecs.h264.io.write.SliceHeaderWriter;
import org.jcodec.common.io.BitWriter;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;

/**
 * Encodes pictures as a constrained-baseline H.264 stream, the form WebRTC sends: one slice per picture, CAVLC,
 * one reference frame, IDR pictures with SPS and PPS in front, and P pictures made of P_Skip, P_L0_16x16 (full-pel
 * motion) and Intra_16x16 macroblocks. The loop filter is off (as x264's ultrafast preset has it), which keeps the
 * encoder's reconstruction trivially equal to every decoder's.
 *
 * <p>Samples are kept as JCodec does (value - 128 in signed bytes) so that motion compensation runs through the
 * same interpolator as the decoder. Reconstruction uses the decoder's inverse transforms: what this encoder
 * predicts from is exactly what a decoder shows (a test compares it with FFmpeg's output).
 *
 * <p>Not thread-safe; allocates nothing per macroblock except inside JCodec's CAVLC block writer.
 */
public final class FrameEncoder {
    /** Full-pel motion search range in pixels around the best start point. */
    private static final int SEARCH_RANGE = 24;
    private static final int[] IDENTITY4 = {0, 1, 2, 3};
    /** Scan-order index to (x, y) of a 4x4 luma block within its macroblock. */
    private static final int[] BLK_X = new int[16];
    private static final int[] BLK_Y = new int[16];

    static {
        for (int i = 0; i < 16; i++) {
            BLK_X[i] = ((i >> 2) & 1) * 2 + (i & 1);
            BLK_Y[i] = ((i >> 3) & 1) * 2 + ((i >> 1) & 1);
        }
    }

    private final int width;
    private final int height;
    private final int mbW;
    private final int mbH;
    private final SeqParameterSet sps;
    private final PictureParameterSet pps;
    private Picture recon;
    private Picture ref;
    private final Picture mbPred = Picture.create(16, 16, ColorSpace.YUV420J);
    private final BlockInterpolator interpolator = new BlockInterpolator();
    private final byte[] srcY = new byte[256];
    private final byte[] srcU = new byte[64];
    private final byte[] srcV = new byte[64];
    private final byte[] predY = new byte[256];
    private final byte[] predU = new byte[64];
    private final byte[] predV = new byte[64];
    /** Residual coefficients per 4x4 block: luma 16 (raster block index by*4+bx), chroma 4 + 4. */
    private final int[][] lumaCoeffs = new int[16][16];
    private final int[][] chromaCoeffs = new int[8][16];
    private final int[] lumaDc = new int[16];
    private final int[] chromaDc = new int[8];
    private final int[] tmp = new int[16];
    private final int[] mbMvX;
    private final int[] mbMvY;
    /** Reference index of each macroblock of the current picture: 0 inter, -1 intra. */
    private final int[] mbRef;
    private CAVLC[] cavlc;
    private ByteBuffer sliceBuffer;
    private int idrPicId;
    private int frameNum;
    private int frameNumBefore;
    private int qp;
    private int lambda;

    public FrameEncoder(int width, int height) {
        this.width = width;
        this.height = height;
        this.mbW = (width + 15) >> 4;
        this.mbH = (height + 15) >> 4;
        sps = new SeqParameterSet();
        sps.profileIdc = 66;
        sps.constraintSet0Flag = true; // constrained baseline (profile-level-id 42e0xx)
        sps.constraintSet1Flag = true;
        sps.levelIdc = level(mbW * mbH);
        sps.seqParameterSetId = 0;
        sps.chromaFormatIdc = ColorSpace.YUV420J;
        sps.log2MaxFrameNumMinus4 = 12;
        sps.picOrderCntType = 2; // order from frame_num: no B-frames, no POC fields in slices
        sps.numRefFrames = 1;
        sps.picWidthInMbsMinus1 = mbW - 1;
        sps.picHeightInMapUnitsMinus1 = mbH - 1;
        sps.frameMbsOnlyFlag = true;
        sps.direct8x8InferenceFlag = true;
        sps.frameCroppingFlag = (mbW << 4) != width || (mbH << 4) != height;
        sps.frameCropRightOffset = ((mbW << 4) - width) >> 1;
        sps.frameCropBottomOffset = ((mbH << 4) - height) >> 1;
        pps = new PictureParameterSet();
        pps.picParameterSetId = 0;
        pps.seqParameterSetId = 0;
        pps.numRefIdxActiveMinus1 = new int[] {0, 0};
        pps.deblockingFilterControlPresentFlag = true;
        recon = Picture.create(mbW << 4, mbH << 4, ColorSpace.YUV420J);
        ref = Picture.create(mbW << 4, mbH << 4, ColorSpace.YUV420J);
        mbMvX = new int[mbW * mbH];
        mbMvY = new int[mbW * mbH];
        mbRef = new int[mbW * mbH];
        sliceBuffer = ByteBuffer.allocate(Math.max(64 * 1024, mbW * mbH * 800));
    }

    /** The smallest level whose frame size limit holds the picture (H.264 table A-1), at least 3.1. */
    private static int level(int macroblocks) {
        if (macroblocks <= 3600) {
            return 31;
        }
        if (macroblocks <= 5120) {
            return 32;
        }
        if (macroblocks <= 8192) {
            return 40;
        }
        if (macroblocks <= 8704) {
            return 42;
        }
        if (macroblocks <= 22080) {
            return 50;
        }
        return 51;
    }

    /** The reconstructed picture of the last frame encoded (what a decoder shows), MB-aligned, samples - 128. */
    public Picture reconstruction() {
        return ref;
    }

    /**
     * Encodes one picture into {@code out} as Annex-B NAL units.
     *
     * @param y, u, v      the picture's planes (unsigned samples) with their offsets and strides
     * @param idr          true for an IDR picture (with SPS and PPS in front)
     * @param qp           the picture's QP
     * @return the number of bytes written at {@code out}'s position
     */
    public int encode(byte[] y, int yOff, int yStride, byte[] u, int uOff, int uStride, byte[] v, int vOff,
                      int vStride, boolean idr, int qp, NalSink out) {
        this.qp = qp;
        // x264's lambda for SAD-based decisions: 0.85 * 2^((qp - 12) / 3), in SAD units.
        this.lambda = (int) Math.max(1, Math.round(0.85 * Math.pow(2, (qp - 12) / 3.0)));
        int start = out.length();
        if (idr) {
            frameNum = 0;
            writeParameterSet(out, NALUnitType.SPS, sps);
            writeParameterSet(out, NALUnitType.PPS, null);
        }
        sliceBuffer.clear();
        BitWriter w = new BitWriter(sliceBuffer);
        SliceHeader sh = new SliceHeader();
        sh.sliceType = idr ? SliceType.I : SliceType.P;
        sh.sps = sps;
        sh.pps = pps;
        sh.frameNum = frameNum;
        if (idr) {
            sh.idrPicId = idrPicId;
            idrPicId = (idrPicId + 1) & 0xFFFF;
            sh.refPicMarkingIDR = new RefPicMarkingIDR(false, false);
        }
        sh.sliceQpDelta = qp - 26;
        sh.disableDeblockingFilterIdc = 1;
        SliceHeaderWriter.write(sh, idr, 3, w);
        cavlc = new CAVLC[] {new CAVLC(sps, pps, 2, 2), new CAVLC(sps, pps, 1, 1), new CAVLC(sps, pps, 1, 1)};

        int skipRun = 0;
        for (int mbY = 0; mbY < mbH; mbY++) {
            for (int mbX = 0; mbX < mbW; mbX++) {
                loadSource(y, yOff, yStride, u, uOff, uStride, v, vOff, vStride, mbX, mbY);
                if (idr) {
                    encodeIntra(w, mbX, mbY, false);
                } else {
                    int kind = encodeInter(w, mbX, mbY, skipRun);
                    skipRun = kind == SKIPPED ? skipRun + 1 : 0;
                }
            }
        }
        if (skipRun > 0) {
            CAVLCWriter.writeUE(w, skipRun);
        }
        w.write1Bit(1); // rbsp_stop_one_bit
        w.flush();
        sliceBuffer.flip();
        out.startNal(idr ? 0x65 : 0x41); // nal_ref_idc 3, types 5 and 1
        out.writeEscaped(sliceBuffer.array(), 0, sliceBuffer.limit());

        Picture t = ref;
        ref = recon;
        recon = t;
        frameNumBefore = idr ? -1 : frameNum;
        frameNum = (frameNum + 1) & ((1 << (sps.log2MaxFrameNumMinus4 + 4)) - 1);
        return out.length() - start;
    }

    /**
     * Forgets the last frame encoded, as if {@link #encode} had not been called (the caller re-encodes it at another
     * QP). Only the last frame can be undone.
     */
    public void undoLastFrame(boolean wasIdr) {
        Picture t = ref;
        ref = recon;
        recon = t;
        if (wasIdr) {
            idrPicId = (idrPicId - 1) & 0xFFFF;
            frameNum = 0;
        } else {
            frameNum = frameNumBefore;
        }
    }

    private void writeParameterSet(NalSink out, NALUnitType type, SeqParameterSet s) {
        ByteBuffer b = ByteBuffer.allocate(256);
        if (s != null) {
            s.write(b);
        } else {
            pps.write(b);
        }
        b.flip();
        out.startNal(0x60 | type.getValue());
        out.writeEscaped(b.array(), 0, b.limit());
    }

    private void loadSource(byte[] y, int yOff, int yStride, byte[] u, int uOff, int uStride, byte[] v, int vOff,
                            int vStride, int mbX, int mbY) {
        int x0 = mbX << 4;
        int y0 = mbY << 4;
        for (int r = 0; r < 16; r++) {
            int sy = Math.min(y0 + r, height - 1);
            int row = yOff + sy * yStride;
            for (int c = 0; c < 16; c++) {
                int sx = Math.min(x0 + c, width - 1);
                srcY[r * 16 + c] = (byte) (y[row + sx] ^ 0x80);
            }
        }
        int cw = (width + 1) >> 1;
        int ch = (height + 1) >> 1;
        for (int r = 0; r < 8; r++) {
            int sy = Math.min((mbY << 3) + r, ch - 1);
            for (int c = 0; c < 8; c++) {
                int sx = Math.min((mbX << 3) + c, cw - 1);
                srcU[r * 8 + c] = (byte) (u[uOff + sy * uStride + sx] ^ 0x80);
                srcV[r * 8 + c] = (byte) (v[vOff + sy * vStride + sx] ^ 0x80);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Intra 16x16

    /** Intra prediction modes of 16x16 luma (H.264 table 8-4). */
    private static final int I16_V = 0;
    private static final int I16_H = 1;
    private static final int I16_DC = 2;

    /** Fills predY with the 16x16 prediction of {@code mode}; returns the SAD against the source. */
    private int predictIntra16(int mode, int mbX, int mbY) {
        byte[] p = recon.getPlaneData(0);
        int stride = recon.getPlaneWidth(0);
        int x0 = mbX << 4;
        int y0 = mbY << 4;
        boolean top = mbY > 0;
        boolean left = mbX > 0;
        if (mode == I16_V) {
            int t = (y0 - 1) * stride + x0;
            for (int r = 0; r < 16; r++) {
                System.arraycopy(p, t, predY, r << 4, 16);
            }
        } else if (mode == I16_H) {
            for (int r = 0; r < 16; r++) {
                byte l = p[(y0 + r) * stride + x0 - 1];
                for (int c = 0; c < 16; c++) {
                    predY[(r << 4) + c] = l;
                }
            }
        } else {
            int sum = 0;
            int dc;
            if (top) {
                for (int c = 0; c < 16; c++) {
                    sum += p[(y0 - 1) * stride + x0 + c];
                }
            }
            if (left) {
                for (int r = 0; r < 16; r++) {
                    sum += p[(y0 + r) * stride + x0 - 1];
                }
            }
            if (top && left) {
                dc = (sum + 16) >> 5;
            } else if (top || left) {
                dc = (sum + 8) >> 4;
            } else {
                dc = 0; // 128 in unsigned samples
            }
            java.util.Arrays.fill(predY, (byte) dc);
        }
        return sad(srcY, predY, 256);
    }

    /** Chroma DC prediction (H.264 8.3.4.1-3) into predU and predV. */
    private void predictChromaDc(int mbX, int mbY) {
        predictChromaDc(recon.getPlaneData(1), predU, mbX, mbY);
        predictChromaDc(recon.getPlaneData(2), predV, mbX, mbY);
    }

    private void predictChromaDc(byte[] p, byte[] pred, int mbX, int mbY) {
        int stride = recon.getPlaneWidth(1);
        int x0 = mbX << 3;
        int y0 = mbY << 3;
        boolean top = mbY > 0;
        boolean left = mbX > 0;
        for (int by = 0; by < 2; by++) {
            for (int bx = 0; bx < 2; bx++) {
                int st = 0;
                int sl = 0;
                if (top) {
                    for (int i = 0; i < 4; i++) {
                        st += p[(y0 - 1) * stride + x0 + bx * 4 + i];
                    }
                }
                if (left) {
                    for (int i = 0; i < 4; i++) {
                        sl += p[(y0 + by * 4 + i) * stride + x0 - 1];
                    }
                }
                int dc;
                boolean corner = bx == by;
                if (corner && top && left) {
                    dc = (st + sl + 4) >> 3;
                } else if (bx == 1 && by == 0) {
                    dc = top ? (st + 2) >> 2 : left ? (sl + 2) >> 2 : 0;
                } else if (bx == 0 && by == 1) {
                    dc = left ? (sl + 2) >> 2 : top ? (st + 2) >> 2 : 0;
                } else {
                    dc = top ? (st + 2) >> 2 : left ? (sl + 2) >> 2 : 0;
                }
                for (int r = 0; r < 4; r++) {
                    for (int c = 0; c < 4; c++) {
                        pred[(by * 4 + r) * 8 + bx * 4 + c] = (byte) dc;
                    }
                }
            }
        }
    }

    /** Picks the best 16x16 mode; leaves its prediction in predY. Returns mode | sad << 2. */
    private long bestIntra16(int mbX, int mbY) {
        int bestMode = I16_DC;
        int best = predictIntra16(I16_DC, mbX, mbY);
        if (mbY > 0) {
            int s = predictIntra16(I16_V, mbX, mbY);
            if (s < best) {
                best = s;
                bestMode = I16_V;
            }
        }
        if (mbX > 0) {
            int s = predictIntra16(I16_H, mbX, mbY);
            if (s < best) {
                best = s;
                bestMode = I16_H;
            }
        }
        if (bestMode != I16_H) {
            predictIntra16(bestMode, mbX, mbY);
        }
        return bestMode | ((long) best << 2);
    }

    private void encodeIntra(BitWriter w, int mbX, int mbY, boolean inPSlice) {
        int mode = (int) (bestIntra16(mbX, mbY) & 3);
        predictChromaDc(mbX, mbY);
        int mbAddr = mbY * mbW + mbX;
        // Luma: 16 4x4 transforms; their DCs through the 4x4 Hadamard transform.
        boolean anyAc = false;
        for (int blk = 0; blk < 16; blk++) {
            int bx = blk & 3;
            int by = blk >> 2;
            int[] c = lumaCoeffs[blk];
            residual(srcY, predY, 16, bx * 4, by * 4, c);
            CoeffTransformer.fdct4x4(c);
            lumaDc[blk] = c[0];
            c[0] = 0;
            anyAc |= Quantizer.quantize4x4(c, 1, qp, true) > 0;
        }
        CoeffTransformer.fvdDC4x4(lumaDc);
        Quantizer.quantizeDc(lumaDc, 16, qp, true);
        int cbpLuma = anyAc ? 15 : 0;
        if (!anyAc) {
            for (int[] c : lumaCoeffs) {
                java.util.Arrays.fill(c, 0);
            }
        }
        int qpc = H264Const.QP_SCALE_CR[qp];
        int cbpChroma = chromaResidual(qpc, true);

        int typeOffset = 1 + mode + 4 * cbpChroma + (cbpLuma == 15 ? 12 : 0);
        CAVLCWriter.writeUE(w, (inPSlice ? 5 : 0) + typeOffset);
        CAVLCWriter.writeUE(w, 0); // intra_chroma_pred_mode: DC
        CAVLCWriter.writeSE(w, 0); // mb_qp_delta
        // Residual: luma DC (coefficients in raster order of the blocks, zig-zag scanned), then AC in scan order.
        cavlc[0].writeLumaDCBlock(w, mbX << 2, mbY << 2, MBType.I_16x16, MBType.I_16x16, lumaDc,
                H264Const.totalZeros16, 0, 16, CoeffTransformer.zigzag4x4);
        for (int i = 0; i < 16; i++) {
            int bx = BLK_X[i];
            int by = BLK_Y[i];
            if (cbpLuma != 0) {
                cavlc[0].writeACBlock(w, (mbX << 2) + bx, (mbY << 2) + by, MBType.I_16x16, MBType.I_16x16,
                        lumaCoeffs[by * 4 + bx], H264Const.totalZeros16, 1, 15, CoeffTransformer.zigzag4x4);
            } else {
                cavlc[0].setZeroCoeff((mbX << 2) + bx, (mbY << 2) + by);
            }
        }
        writeChroma(w, mbX, mbY, cbpChroma, MBType.I_16x16);

        // Reconstruction, as the decoder does it.
        CoeffTransformer.invDC4x4(lumaDc);
        CoeffTransformer.dequantizeDC4x4(lumaDc, qp, null);
        for (int blk = 0; blk < 16; blk++) {
            int[] c = lumaCoeffs[blk];
            if (cbpLuma != 0) {
                CoeffTransformer.dequantizeAC(c, qp, null);
            }
            c[0] = lumaDc[blk];
            CoeffTransformer.idct4x4(c);
        }
        reconstructLuma(mbX, mbY, true);
        reconstructChroma(mbX, mbY, qpc, cbpChroma);
        mbRef[mbAddr] = -1;
        mbMvX[mbAddr] = 0;
        mbMvY[mbAddr] = 0;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Inter

    private static final int SKIPPED = 0;
    private static final int CODED = 1;

    private int encodeInter(BitWriter w, int mbX, int mbY, int skipRun) {
        int mbAddr = mbY * mbW + mbX;
        boolean aAvail = mbX > 0;
        boolean bAvail = mbY > 0;
        boolean cAvail = mbY > 0 && mbX < mbW - 1;
        boolean dAvail = mbX > 0 && mbY > 0;
        int a = mbAddr - 1;
        int b = mbAddr - mbW;
        int c = cAvail ? mbAddr - mbW + 1 : mbAddr - mbW - 1;
        boolean cOrD = cAvail || dAvail;
        // Motion vector prediction for a 16x16 partition (H.264 8.4.1.3).
        int refA = aAvail ? mbRef[a] : -1;
        int refB = bAvail ? mbRef[b] : -1;
        int refC = cOrD ? mbRef[c] : -1;
        int mvAx = aAvail ? mbMvX[a] : 0;
        int mvAy = aAvail ? mbMvY[a] : 0;
        int mvBx = bAvail ? mbMvX[b] : 0;
        int mvBy = bAvail ? mbMvY[b] : 0;
        int mvCx = cOrD ? mbMvX[c] : 0;
        int mvCy = cOrD ? mbMvY[c] : 0;
        if (!bAvail && !cOrD && aAvail) {
            mvBx = mvCx = mvAx;
            mvBy = mvCy = mvAy;
            refB = refC = refA;
        }
        int mvpX;
        int mvpY;
        int matches = (refA == 0 ? 1 : 0) + (refB == 0 ? 1 : 0) + (refC == 0 ? 1 : 0);
        if (matches == 1) {
            mvpX = refA == 0 ? mvAx : refB == 0 ? mvBx : mvCx;
            mvpY = refA == 0 ? mvAy : refB == 0 ? mvBy : mvCy;
        } else {
            mvpX = median(mvAx, mvBx, mvCx);
            mvpY = median(mvAy, mvBy, mvCy);
        }
        // P_Skip's vector (8.4.1.1).
        int skipX;
        int skipY;
        if (!aAvail || !bAvail || (mbRef[a] == 0 && mbMvX[a] == 0 && mbMvY[a] == 0)
                || (mbRef[b] == 0 && mbMvX[b] == 0 && mbMvY[b] == 0)) {
            skipX = 0;
            skipY = 0;
        } else {
            skipX = mvpX;
            skipY = mvpY;
        }

        // Motion search (full-pel), from the best of the skip vector, the prediction and zero.
        int skipSad = lumaSadAt(mbX, mbY, skipX >> 2, skipY >> 2, Integer.MAX_VALUE);
        long best = search(mbX, mbY, mvpX, mvpY, skipX, skipY, skipSad);
        int mvX = (int) (best >> 40) << 2;
        int mvY = (int) ((best >> 20) & 0xFFFFF) - 0x80000 << 2;
        int interCost = (int) (best & 0xFFFFF);

        // A flat, well-predicted macroblock: try skipping it outright.
        if ((mvX == skipX && mvY == skipY) || skipSad < 8 * lambda + 64) {
            predictInter(mbX, mbY, skipX, skipY);
            if (residualVanishes()) {
                commitSkip(mbX, mbY, skipX, skipY);
                return SKIPPED;
            }
        }

        long intra = bestIntra16(mbX, mbY);
        int intraSad = (int) (intra >> 2);
        if (intraSad + 6 * lambda < interCost) {
            CAVLCWriter.writeUE(w, skipRun);
            encodeIntra(w, mbX, mbY, true);
            return CODED;
        }

        predictInter(mbX, mbY, mvX, mvY);
        int cbpLuma = 0;
        for (int b8 = 0; b8 < 4; b8++) {
            int score = 0;
            for (int k = 0; k < 4; k++) {
                int blk = b8 * 4 + k;
                int bx = BLK_X[blk];
                int by = BLK_Y[blk];
                int[] co = lumaCoeffs[by * 4 + bx];
                residual(srcY, predY, 16, bx * 4, by * 4, co);
                CoeffTransformer.fdct4x4(co);
                score += decimationScore(co, Quantizer.quantize4x4(co, 0, qp, false));
            }
            if (score >= 4) {
                cbpLuma |= 1 << b8;
            } else {
                for (int k = 0; k < 4; k++) {
                    int blk = b8 * 4 + k;
                    java.util.Arrays.fill(lumaCoeffs[BLK_Y[blk] * 4 + BLK_X[blk]], 0);
                }
            }
        }
        int qpc = H264Const.QP_SCALE_CR[qp];
        int cbpChroma = chromaResidual(qpc, false);
        int cbp = cbpLuma | (cbpChroma << 4);
        if (cbp == 0 && mvX == skipX && mvY == skipY) {
            commitSkip(mbX, mbY, skipX, skipY);
            return SKIPPED;
        }

        CAVLCWriter.writeUE(w, skipRun);
        CAVLCWriter.writeUE(w, 0); // P_L0_16x16
        CAVLCWriter.writeSE(w, mvX - mvpX);
        CAVLCWriter.writeSE(w, mvY - mvpY);
        CAVLCWriter.writeUE(w, H264Const.CODED_BLOCK_PATTERN_INTER_COLOR_INV[cbp]);
        if (cbp != 0) {
            CAVLCWriter.writeSE(w, 0); // mb_qp_delta
        }
        for (int i = 0; i < 16; i++) {
            int bx = BLK_X[i];
            int by = BLK_Y[i];
            if ((cbpLuma & (1 << (i >> 2))) != 0) {
                cavlc[0].writeACBlock(w, (mbX << 2) + bx, (mbY << 2) + by, MBType.P_16x16, MBType.P_16x16,
                        lumaCoeffs[by * 4 + bx], H264Const.totalZeros16, 0, 16, CoeffTransformer.zigzag4x4);
            } else {
                cavlc[0].setZeroCoeff((mbX << 2) + bx, (mbY << 2) + by);
            }
        }
        writeChroma(w, mbX, mbY, cbpChroma, MBType.P_16x16);

        for (int blk = 0; blk < 16; blk++) {
            int[] co = lumaCoeffs[blk];
            if ((cbpLuma & (1 << b8Of(blk))) != 0) {
                CoeffTransformer.dequantizeAC(co, qp, null);
                CoeffTransformer.idct4x4(co);
            } else {
                java.util.Arrays.fill(co, 0);
            }
        }
        reconstructLuma(mbX, mbY, false);
        reconstructChroma(mbX, mbY, qpc, cbpChroma);
        mbRef[mbAddr] = 0;
        mbMvX[mbAddr] = mvX;
        mbMvY[mbAddr] = mvY;
        return CODED;
    }

    /** The 8x8 quadrant of the 4x4 block at raster index {@code blk} (by * 4 + bx). */
    private static int b8Of(int blk) {
        int bx = blk & 3;
        int by = blk >> 2;
        return (by >> 1) * 2 + (bx >> 1);
    }

    /** x264-style decimation: isolated small levels cost more bits than the quality they buy. */
    private static int decimationScore(int[] c, int sumAbs) {
        if (sumAbs == 0) {
            return 0;
        }
        int score = 0;
        for (int i = 0; i < 16; i++) {
            int l = c[i];
            if (l > 1 || l < -1) {
                return 9;
            }
            if (l != 0) {
                score += 1;
            }
        }
        return score;
    }

    private void commitSkip(int mbX, int mbY, int skipX, int skipY) {
        for (int i = 0; i < 16; i++) {
            cavlc[0].setZeroCoeff((mbX << 2) + BLK_X[i], (mbY << 2) + BLK_Y[i]);
        }
        for (int i = 0; i < 4; i++) {
            cavlc[1].setZeroCoeff((mbX << 1) + (i & 1), (mbY << 1) + (i >> 1));
            cavlc[2].setZeroCoeff((mbX << 1) + (i & 1), (mbY << 1) + (i >> 1));
        }
        for (int[] co : lumaCoeffs) {
            java.util.Arrays.fill(co, 0);
        }
        for (int[] co : chromaCoeffs) {
            java.util.Arrays.fill(co, 0);
        }
        reconstructLuma(mbX, mbY, false);
        reconstructChroma(mbX, mbY, 0, 0);
        int mbAddr = mbY * mbW + mbX;
        mbRef[mbAddr] = 0;
        mbMvX[mbAddr] = skipX;
        mbMvY[mbAddr] = skipY;
    }

    /** True when every luma and chroma residual block of the current prediction quantizes to nothing. */
    private boolean residualVanishes() {
        for (int blk = 0; blk < 16; blk++) {
            int[] co = tmp;
            residual(srcY, predY, 16, (blk & 3) * 4, (blk >> 2) * 4, co);
            CoeffTransformer.fdct4x4(co);
            if (Quantizer.quantize4x4(co, 0, qp, false) > 0) {
                return false;
            }
        }
        int qpc = H264Const.QP_SCALE_CR[qp];
        for (int comp = 0; comp < 2; comp++) {
            byte[] src = comp == 0 ? srcU : srcV;
            byte[] pred = comp == 0 ? predU : predV;
            int[] dc = lumaDc;
            for (int blk = 0; blk < 4; blk++) {
                int[] co = tmp;
                residual(src, pred, 8, (blk & 1) * 4, (blk >> 1) * 4, co);
                CoeffTransformer.fdct4x4(co);
                dc[blk] = co[0];
                if (Quantizer.quantize4x4(co, 1, qpc, false) > 0) {
                    return false;
                }
            }
            CoeffTransformer.fvdDC2x2(dc);
            if (Quantizer.quantizeDc(dc, 4, qpc, false) > 0) {
                return false;
            }
        }
        return true;
    }

    private static int median(int a, int b, int c) {
        return a + b + c - Math.min(a, Math.min(b, c)) - Math.max(a, Math.max(b, c));
    }

    /** Bits of a signed Exp-Golomb code, for the motion vector cost. */
    private static int seBits(int v) {
        int k = v <= 0 ? -2 * v : 2 * v - 1;
        return 2 * (31 - Integer.numberOfLeadingZeros(k + 1)) + 1;
    }

    /**
     * Full-pel motion search: a small diamond from the best of the candidates, cost SAD + lambda * mvd bits.
     * Returns x << 40 | (y + 0x80000) << 20 | cost, x and y in full pels.
     */
    private long search(int mbX, int mbY, int mvpX, int mvpY, int skipX, int skipY, int skipSad) {
        int px = mvpX >> 2;
        int py = mvpY >> 2;
        int bestX = skipX >> 2;
        int bestY = skipY >> 2;
        int bestCost = skipSad + lambda * (seBits(skipX - mvpX) + seBits(skipY - mvpY));
        int[][] starts = {{px, py}, {0, 0}};
        for (int[] s : starts) {
            if (s[0] == bestX && s[1] == bestY) {
                continue;
            }
            int cost = costAt(mbX, mbY, s[0], s[1], mvpX, mvpY, bestCost);
            if (cost < bestCost) {
                bestCost = cost;
                bestX = s[0];
                bestY = s[1];
            }
        }
        // Large diamond steps while they improve, then a small diamond.
        for (int step = 4; step >= 1; step >>= 1) {
            for (int iter = 0; iter < SEARCH_RANGE; iter++) {
                int cx = bestX;
                int cy = bestY;
                int c0 = costAt(mbX, mbY, cx + step, cy, mvpX, mvpY, bestCost);
                if (c0 < bestCost) {
                    bestCost = c0;
                    bestX = cx + step;
                    bestY = cy;
                }
                int c1 = costAt(mbX, mbY, cx - step, cy, mvpX, mvpY, bestCost);
                if (c1 < bestCost) {
                    bestCost = c1;
                    bestX = cx - step;
                    bestY = cy;
                }
                int c2 = costAt(mbX, mbY, cx, cy + step, mvpX, mvpY, bestCost);
                if (c2 < bestCost) {
                    bestCost = c2;
                    bestX = cx;
                    bestY = cy + step;
                }
                int c3 = costAt(mbX, mbY, cx, cy - step, mvpX, mvpY, bestCost);
                if (c3 < bestCost) {
                    bestCost = c3;
                    bestX = cx;
                    bestY = cy - step;
                }
                if (bestX == cx && bestY == cy) {
                    break;
                }
            }
        }
        return ((long) bestX << 40) | ((long) (bestY + 0x80000) << 20) | Math.min(bestCost, 0xFFFFF);
    }

    private int costAt(int mbX, int mbY, int x, int y, int mvpX, int mvpY, int bound) {
        int px = (mbX << 4) + x;
        int py = (mbY << 4) + y;
        int maxX = (mbW << 4) - 16;
        int maxY = (mbH << 4) - 16;
        if (px < 0 || py < 0 || px > maxX || py > maxY || Math.abs(x) > 64 || Math.abs(y) > 64) {
            return Integer.MAX_VALUE;
        }
        int mvCost = lambda * (seBits((x << 2) - mvpX) + seBits((y << 2) - mvpY));
        if (mvCost >= bound) {
            return Integer.MAX_VALUE;
        }
        return mvCost + lumaSadAt(mbX, mbY, x, y, bound - mvCost);
    }

    /** SAD of the source macroblock against the reference at a full-pel offset (clamped into the picture). */
    private int lumaSadAt(int mbX, int mbY, int x, int y, int bound) {
        byte[] r = ref.getPlaneData(0);
        int stride = ref.getPlaneWidth(0);
        int px = Math.max(0, Math.min((mbW << 4) - 16, (mbX << 4) + x));
        int py = Math.max(0, Math.min((mbH << 4) - 16, (mbY << 4) + y));
        int sad = 0;
        for (int row = 0; row < 16; row++) {
            int ro = (py + row) * stride + px;
            int so = row << 4;
            for (int c = 0; c < 16; c++) {
                int d = srcY[so + c] - r[ro + c];
                sad += d < 0 ? -d : d;
            }
            if (sad >= bound) {
                return sad;
            }
        }
        return sad;
    }

    /** Motion-compensated prediction of luma and chroma through the decoder's interpolator. */
    private void predictInter(int mbX, int mbY, int mvX, int mvY) {
        interpolator.getBlockLuma(ref, mbPred, 0, (mbX << 6) + mvX, (mbY << 6) + mvY, 16, 16);
        System.arraycopy(mbPred.getPlaneData(0), 0, predY, 0, 256);
        BlockInterpolator.getBlockChroma(ref.getPlaneData(1), ref.getPlaneWidth(1), ref.getPlaneHeight(1), predU, 0,
                8, (mbX << 6) + mvX, (mbY << 6) + mvY, 8, 8);
        BlockInterpolator.getBlockChroma(ref.getPlaneData(2), ref.getPlaneWidth(2), ref.getPlaneHeight(2), predV, 0,
                8, (mbX << 6) + mvX, (mbY << 6) + mvY, 8, 8);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Shared residual coding and reconstruction

    /** Chroma transform and quantization into chromaCoeffs / chromaDc; returns the chroma coded block pattern. */
    private int chromaResidual(int qpc, boolean intra) {
        boolean anyDc = false;
        boolean anyAc = false;
        for (int comp = 0; comp < 2; comp++) {
            byte[] src = comp == 0 ? srcU : srcV;
            byte[] pred = comp == 0 ? predU : predV;
            for (int blk = 0; blk < 4; blk++) {
                int[] co = chromaCoeffs[comp * 4 + blk];
                residual(src, pred, 8, (blk & 1) * 4, (blk >> 1) * 4, co);
                CoeffTransformer.fdct4x4(co);
                tmp[blk] = co[0];
                co[0] = 0;
                anyAc |= Quantizer.quantize4x4(co, 1, qpc, intra) > 0;
            }
            CoeffTransformer.fvdDC2x2(tmp);
            anyDc |= Quantizer.quantizeDc(tmp, 4, qpc, intra) > 0;
            System.arraycopy(tmp, 0, chromaDc, comp * 4, 4);
        }
        if (!anyAc) {
            for (int[] co : chromaCoeffs) {
                java.util.Arrays.fill(co, 0);
            }
        }
        return anyAc ? 2 : anyDc ? 1 : 0;
    }

    private void writeChroma(BitWriter w, int mbX, int mbY, int cbpChroma, MBType type) {
        if (cbpChroma > 0) {
            for (int comp = 0; comp < 2; comp++) {
                System.arraycopy(chromaDc, comp * 4, tmp, 0, 4);
                cavlc[1 + comp].writeChrDCBlock(w, tmp, H264Const.totalZeros4, 0, 4, IDENTITY4);
            }
        }
        for (int comp = 0; comp < 2; comp++) {
            for (int blk = 0; blk < 4; blk++) {
                int bx = (mbX << 1) + (blk & 1);
                int by = (mbY << 1) + (blk >> 1);
                if (cbpChroma == 2) {
                    cavlc[1 + comp].writeACBlock(w, bx, by, type, type, chromaCoeffs[comp * 4 + blk],
                            H264Const.totalZeros16, 1, 15, CoeffTransformer.zigzag4x4);
                } else {
                    cavlc[1 + comp].setZeroCoeff(bx, by);
                }
            }
        }
    }

    private static void residual(byte[] src, byte[] pred, int stride, int x, int y, int[] out) {
        for (int r = 0; r < 4; r++) {
            int o = (y + r) * stride + x;
            for (int c = 0; c < 4; c++) {
                out[(r << 2) + c] = src[o + c] - pred[o + c];
            }
        }
    }

    /** recon = clip(pred + residual) for luma (lumaCoeffs hold the residual per raster block). */
    private void reconstructLuma(int mbX, int mbY, boolean intra) {
        byte[] out = recon.getPlaneData(0);
        int stride = recon.getPlaneWidth(0);
        for (int blk = 0; blk < 16; blk++) {
            int bx = blk & 3;
            int by = blk >> 2;
            int[] res = lumaCoeffs[blk];
            for (int r = 0; r < 4; r++) {
                int po = (by * 4 + r) * 16 + bx * 4;
                int oo = ((mbY << 4) + by * 4 + r) * stride + (mbX << 4) + bx * 4;
                for (int c = 0; c < 4; c++) {
                    out[oo + c] = (byte) clip(predY[po + c] + res[(r << 2) + c]);
                }
            }
        }
    }

    private void reconstructChroma(int mbX, int mbY, int qpc, int cbpChroma) {
        for (int comp = 0; comp < 2; comp++) {
            System.arraycopy(chromaDc, comp * 4, tmp, 0, 4);
            if (cbpChroma > 0) {
                CoeffTransformer.invDC2x2(tmp);
                CoeffTransformer.dequantizeDC2x2(tmp, qpc, null);
            } else {
                java.util.Arrays.fill(tmp, 0, 4, 0);
            }
            byte[] pred = comp == 0 ? predU : predV;
            byte[] out = recon.getPlaneData(1 + comp);
            int stride = recon.getPlaneWidth(1 + comp);
            for (int blk = 0; blk < 4; blk++) {
                int[] co = chromaCoeffs[comp * 4 + blk];
                if (cbpChroma == 2) {
                    CoeffTransformer.dequantizeAC(co, qpc, null);
                }
                co[0] = tmp[blk];
                CoeffTransformer.idct4x4(co);
                int bx = blk & 1;
                int by = blk >> 1;
                for (int r = 0; r < 4; r++) {
                    int po = (by * 4 + r) * 8 + bx * 4;
                    int oo = ((mbY << 3) + by * 4 + r) * stride + (mbX << 3) + bx * 4;
                    for (int c = 0; c < 4; c++) {
                        out[oo + c] = (byte) clip(pred[po + c] + co[(r << 2) + c]);
                    }
                }
            }
        }
    }

    private static int clip(int v) {
        return v < -128 ? -128 : Math.min(v, 127);
    }

    private static int sad(byte[] a, byte[] b, int n) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            int d = a[i] - b[i];
            s += d < 0 ? -d : d;
        }
        return s;
    }
}
