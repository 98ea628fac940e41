package dev.robusta.codec.vp8;

import java.util.Arrays;

/**
 * Header state that carries over from one frame to the next (RFC 6386 section 9): probabilities, segmentation
 * feature data, and the loop filter's per-reference and per-mode deltas. The decoder works on a copy and commits
 * it only when a frame decodes cleanly, so a corrupt frame leaves no trace.
 */
final class StreamState {
    final EntropyContext entropy = new EntropyContext();
    final Segmentation segmentation = new Segmentation();
    /** Loop filter level deltas by reference frame: intra, last, golden, altref (RFC 6386 section 9.6). */
    final int[] refLfDeltas = new int[4];
    /** Loop filter level deltas by mode: B_PRED, ZEROMV, NEARESTMV/NEARMV/NEWMV, SPLITMV. */
    final int[] modeLfDeltas = new int[4];

    /** What a key frame resets. */
    void resetForKeyFrame() {
        entropy.setDefaults();
        segmentation.absoluteValues = false;
        Arrays.fill(segmentation.quantizer, 0);
        Arrays.fill(segmentation.filterLevel, 0);
        Arrays.fill(refLfDeltas, 0);
        Arrays.fill(modeLfDeltas, 0);
    }

    void copyFrom(StreamState o) {
        entropy.copyFrom(o.entropy);
        segmentation.copyFrom(o.segmentation);
        System.arraycopy(o.refLfDeltas, 0, refLfDeltas, 0, 4);
        System.arraycopy(o.modeLfDeltas, 0, modeLfDeltas, 0, 4);
    }
}
