package dev.robusta.codec.vp8;

/**
 * The probabilities that persist from frame to frame (RFC 6386 sections 9.7-9.10, 13.4, 16.2, 17.2): token
 * probabilities, intra mode probabilities of inter frames, and motion vector probabilities. Key frames reset them;
 * frame headers update them; a frame with {@code refresh_entropy_probs = 0} uses its updates for itself only.
 */
final class EntropyContext {
    /** Default probabilities of the luma 16x16 mode tree in inter frames. */
    static final int[] DEFAULT_YMODE_PROBS = {112, 86, 140, 37};
    /** Default probabilities of the chroma mode tree in inter frames. */
    static final int[] DEFAULT_UV_MODE_PROBS = {162, 101, 204};

    /** [block type 4][band 8][context 3][node 11], flattened. */
    final int[] coefProbs = new int[4 * 8 * 3 * 11];
    final int[] ymodeProbs = new int[4];
    final int[] uvModeProbs = new int[3];
    /** [row, column][19]: is-short, sign, 7 short-tree probabilities, 10 long-bit probabilities. */
    final int[] mvProbs = new int[2 * 19];

    /** Resets to the defaults, as a key frame does. */
    void setDefaults() {
        System.arraycopy(Vp8Tables.DEFAULT_COEF_PROBS, 0, coefProbs, 0, coefProbs.length);
        System.arraycopy(DEFAULT_YMODE_PROBS, 0, ymodeProbs, 0, 4);
        System.arraycopy(DEFAULT_UV_MODE_PROBS, 0, uvModeProbs, 0, 3);
        System.arraycopy(Vp8Tables.DEFAULT_MV_PROBS, 0, mvProbs, 0, mvProbs.length);
    }

    void copyFrom(EntropyContext other) {
        System.arraycopy(other.coefProbs, 0, coefProbs, 0, coefProbs.length);
        System.arraycopy(other.ymodeProbs, 0, ymodeProbs, 0, 4);
        System.arraycopy(other.uvModeProbs, 0, uvModeProbs, 0, 3);
        System.arraycopy(other.mvProbs, 0, mvProbs, 0, mvProbs.length);
    }
}
