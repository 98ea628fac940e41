package dev.robusta.codec.vp8;

/**
 * The temporal layer patterns of {@link Vp8Encoder}, as WebRTC runs them for VP8: a receiver (or an SFU) that drops
 * the upper layers still decodes every frame of the lower ones, at a half or a quarter of the frame rate.
 *
 * <ul>
 *   <li>one layer: every frame predicts from and updates LAST.</li>
 *   <li>two layers, period 2 (layers 0, 1): layer 0 predicts from and updates LAST; layer 1 predicts from LAST and
 *       updates nothing.</li>
 *   <li>three layers, period 4 (layers 0, 2, 1, 2): layer 0 predicts from and updates LAST; layer 1 predicts from
 *       LAST and updates GOLDEN; layer 2 predicts from the newest of LAST and GOLDEN and updates nothing.</li>
 * </ul>
 *
 * Only layer 0 frames keep their token probabilities for later frames ({@code refresh_entropy_probs}), so dropping
 * upper-layer frames never leaves a decoder with probabilities the encoder did not assume. The pattern restarts at
 * every key frame. Upper layers get coarser quantizers, so that layer 0 carries a larger share of the bitrate.
 */
final class TemporalPattern {
    private final int[] layerOf;
    private final int[] quantizerDelta;

    private TemporalPattern(int[] layerOf, int[] quantizerDelta) {
        this.layerOf = layerOf;
        this.quantizerDelta = quantizerDelta;
    }

    static TemporalPattern of(int layers) {
        switch (layers) {
            case 1:
                return new TemporalPattern(new int[] {0}, new int[] {0});
            case 2:
                return new TemporalPattern(new int[] {0, 1}, new int[] {-3, 4});
            case 3:
                return new TemporalPattern(new int[] {0, 2, 1, 2}, new int[] {-4, 5, 2, 5});
            default:
                throw new IllegalArgumentException("temporal layers must be 1, 2 or 3, not " + layers);
        }
    }

    int layers() {
        return layerOf.length == 4 ? 3 : layerOf.length;
    }

    /** Position in the pattern of the frame {@code framesSinceKey} frames after the last key frame. */
    int position(long framesSinceKey) {
        return (int) (framesSinceKey % layerOf.length);
    }

    int layer(int position) {
        return layerOf[position];
    }

    int quantizerDelta(int position) {
        return quantizerDelta[position];
    }

    /** The reference every inter macroblock of the frame uses. */
    int reference(int position) {
        return layers() == 3 && position == 3 ? Modes.GOLDEN_FRAME : Modes.LAST_FRAME;
    }

    boolean updatesLast(int position) {
        return layerOf[position] == 0;
    }

    boolean updatesGolden(int position) {
        return layers() == 3 && position == 2;
    }

    boolean refreshesEntropy(int position) {
        return layerOf[position] == 0;
    }

    /**
     * Whether the frame predicts only from layer 0 (RFC 7741's layer sync bit): a receiver that starts decoding an
     * upper layer can start there.
     */
    boolean syncsToBase(int position) {
        return reference(position) == Modes.LAST_FRAME;
    }
}
