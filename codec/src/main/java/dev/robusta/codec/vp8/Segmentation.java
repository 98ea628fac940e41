package dev.robusta.codec.vp8;

import java.util.Arrays;

/**
 * Segment-based adjustments (RFC 6386 section 9.3): up to four segments, each with its own quantizer and loop
 * filter level, absolute or relative to the frame's. The feature data persists across frames until updated (key
 * frames reset it); the per-macroblock segment map lives with the macroblock info.
 */
final class Segmentation {
    boolean enabled;
    boolean updateMap;
    boolean updateData;
    /** True: {@link #quantizer} and {@link #filterLevel} replace the frame values; false: they are added. */
    boolean absoluteValues;
    final int[] quantizer = new int[4];
    final int[] filterLevel = new int[4];
    /** Probabilities of the segment id tree, when this frame updates the map. */
    final int[] treeProbs = new int[3];

    void reset() {
        enabled = false;
        updateMap = false;
        updateData = false;
        absoluteValues = false;
        Arrays.fill(quantizer, 0);
        Arrays.fill(filterLevel, 0);
        Arrays.fill(treeProbs, 255);
    }

    void copyFrom(Segmentation o) {
        enabled = o.enabled;
        updateMap = o.updateMap;
        updateData = o.updateData;
        absoluteValues = o.absoluteValues;
        System.arraycopy(o.quantizer, 0, quantizer, 0, 4);
        System.arraycopy(o.filterLevel, 0, filterLevel, 0, 4);
        System.arraycopy(o.treeProbs, 0, treeProbs, 0, 3);
    }
}
