// Derived from JCodec 0.2.5 (org.jcodec:jcodec, www.jcodec.org), FreeBSD licence: see package-info.java.
// Changed for Robusta: see the package documentation for what and why.
package dev.robusta.codec.h264.decoder;

import static org.jcodec.codecs.h264.io.model.SeqParameterSet.getPicHeightInMbs;

import org.jcodec.codecs.h264.H264Utils;
import org.jcodec.codecs.h264.io.model.Frame;
import org.jcodec.codecs.h264.io.model.MBType;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.codecs.h264.io.model.SliceHeader;

/**
 * This class is part of JCodec ( www.jcodec.org ) This software is distributed
 * under FreeBSD License
 *
 * Contains an input for deblocking filter
 * 
 * @author The JCodec project
 * 
 */
public class DeblockerInput {
    public int[][] nCoeff;
    public H264Utils.MvList2D mvs;
    public MBType[] mbTypes;
    public int[][] mbQps;
    public boolean[] tr8x8Used;
    public Frame[][][] refsUsed;
    public SliceHeader[] shs;

    public DeblockerInput(SeqParameterSet activeSps) {
        int picWidthInMbs = activeSps.picWidthInMbsMinus1 + 1;
        int picHeightInMbs = getPicHeightInMbs(activeSps);

        nCoeff = new int[picHeightInMbs << 2][picWidthInMbs << 2];
        mvs = new H264Utils.MvList2D(picWidthInMbs << 2, picHeightInMbs << 2);
        mbTypes = new MBType[picHeightInMbs * picWidthInMbs];
        tr8x8Used = new boolean[picHeightInMbs * picWidthInMbs];
        mbQps = new int[3][picHeightInMbs * picWidthInMbs];
        shs = new SliceHeader[picHeightInMbs * picWidthInMbs];
        refsUsed = new Frame[picHeightInMbs * picWidthInMbs][][];
    }

    /**
     * Robusta: an input for the next picture of the same size, reusing this one's per-macroblock tables (cleared)
     * instead of allocating them per picture. The motion vectors and reference lists are new: reference frames keep
     * them.
     */
    public DeblockerInput(DeblockerInput previous, SeqParameterSet activeSps) {
        int picWidthInMbs = activeSps.picWidthInMbsMinus1 + 1;
        int picHeightInMbs = getPicHeightInMbs(activeSps);
        nCoeff = previous.nCoeff;
        for (int[] row : nCoeff) {
            java.util.Arrays.fill(row, 0);
        }
        mbTypes = previous.mbTypes;
        java.util.Arrays.fill(mbTypes, null);
        tr8x8Used = previous.tr8x8Used;
        java.util.Arrays.fill(tr8x8Used, false);
        mbQps = previous.mbQps;
        for (int[] q : mbQps) {
            java.util.Arrays.fill(q, 0);
        }
        shs = previous.shs;
        java.util.Arrays.fill(shs, null);
        mvs = new H264Utils.MvList2D(picWidthInMbs << 2, picHeightInMbs << 2);
        refsUsed = new Frame[picHeightInMbs * picWidthInMbs][][];
    }

    /** Robusta: whether this input's tables fit a picture of this SPS's size. */
    public boolean fits(SeqParameterSet sps) {
        return nCoeff.length == getPicHeightInMbs(sps) << 2 && nCoeff[0].length == (sps.picWidthInMbsMinus1 + 1) << 2;
    }
}
