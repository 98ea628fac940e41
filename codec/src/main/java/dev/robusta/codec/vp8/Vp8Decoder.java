package dev.robusta.codec.vp8;

import dev.robusta.codec.VideoDecoder;
import dev.robusta.codec.video.I420Frame;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A VP8 decoder (RFC 6386) in pure Java, bit-exact with libvpx: every feature of the format (key and inter frames,
 * all intra and inter modes, split motion vectors, golden and altref references with sign bias, segmentation,
 * probability updates and refresh control, up to eight token partitions, normal and simple loop filters with their
 * deltas, the bilinear and full-pixel variants of versions 1-3, any picture size). Scaling bits in key frames are
 * ignored, as the RFC says a decoder may.
 *
 * <p>Corrupt or truncated frames raise {@link Vp8DecodeException} and leave the decoder as it was before the frame
 * (references, probabilities, segment map): the frame is simply dropped. A frame that reads past the end of a
 * partition counts as corrupt, as libvpx reports it.
 *
 * <p>Not thread-safe; run it off the I/O event loop. Steady-state decoding allocates nothing; a key frame with a
 * new size allocates the frame buffers.
 */
public final class Vp8Decoder implements VideoDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(Vp8Decoder.class);
    /** Default limit on the picture area a key frame may announce: 4096 x 2304 (beyond 4K UHD). */
    public static final int DEFAULT_MAX_PIXELS = 4096 * 2304;

    private final int maxPixels;

    private final FrameHeader header = new FrameHeader();
    private final BoolDecoder firstPartition = new BoolDecoder();
    private final ModeParser modeParser = new ModeParser();
    private final FrameReconstructor reconstructor = new FrameReconstructor();
    private final Dequantizer dequantizer = new Dequantizer();
    private final LoopFilterPlan filterPlan = new LoopFilterPlan();
    /** State as of the last cleanly decoded frame. */
    private final StreamState committed = new StreamState();
    /** The frame being decoded works on this copy. */
    private final StreamState working = new StreamState();
    /** Probabilities to restore after a frame that does not refresh them. */
    private final EntropyContext savedEntropy = new EntropyContext();

    private int width;
    private int height;
    private MacroblockInfo info;
    /** All frame buffers; at most three are references at any time, so one is always free. */
    private final FrameBuffer[] pool = new FrameBuffer[4];
    private FrameBuffer last;
    private FrameBuffer golden;
    private FrameBuffer altRef;
    private long framesDecoded;

    /** A decoder for pictures of up to {@link #DEFAULT_MAX_PIXELS}. */
    public Vp8Decoder() {
        this(DEFAULT_MAX_PIXELS);
    }

    /**
     * A decoder for pictures of up to {@code maxPixels} (width x height): a key frame announcing a larger picture is
     * rejected rather than allocated, so corrupt or hostile input cannot make the decoder take gigabytes.
     */
    public Vp8Decoder(int maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive");
        }
        this.maxPixels = maxPixels;
        committed.segmentation.reset();
        committed.entropy.setDefaults();
    }

    @Override
    public boolean decode(byte[] data, int offset, int length, I420Frame out) throws Vp8DecodeException {
        Objects.checkFromIndexSize(offset, length, data.length);
        Objects.requireNonNull(out, "out");
        if (length == 0) {
            // An empty frame: nothing to decode or show (libvpx treats it as a dropped frame).
            return false;
        }
        FrameHeader h = header;
        int end = offset + length;
        int firstPartitionStart = h.parseUncompressed(data, offset, length);
        if (!h.keyFrame && last == null) {
            throw new Vp8DecodeException("inter frame before the first key frame");
        }
        if (h.keyFrame && (h.width != width || h.height != height || info == null)) {
            if ((long) h.width * h.height > maxPixels) {
                throw new Vp8DecodeException("key frame of " + h.width + "x" + h.height + " exceeds this decoder's "
                        + maxPixels + " pixels");
            }
            allocate(h.width, h.height);
        }

        working.copyFrom(committed);
        if (h.keyFrame) {
            working.resetForKeyFrame();
        }
        // Like libvpx, the first partition's decoder may run on into the bytes after it.
        firstPartition.init(data, firstPartitionStart, end - firstPartitionStart);
        h.parseCompressed(firstPartition, working, savedEntropy, data, firstPartitionStart, end);

        MacroblockInfo mb = info;
        boolean newSegmentMap = working.segmentation.updateMap || h.keyFrame;
        byte[] segmentMap = newSegmentMap ? mb.segmentScratch : mb.segment;
        modeParser.parse(firstPartition, h, working, mb, segmentMap);
        if (firstPartition.isOverrun()) {
            throw new Vp8DecodeException("first partition truncated");
        }

        dequantizer.setUp(h, working.segmentation);
        filterPlan.setUp(h, working);
        FrameBuffer target = freeBuffer();
        reconstructor.reconstruct(data, h, working.entropy, mb, segmentMap, dequantizer, filterPlan, target, last,
                golden, altRef);

        // The frame decoded cleanly: commit references and state (RFC 6386 section 9.7-9.8; libvpx's order).
        if (h.copyToAltRef == 1) {
            altRef = last;
        } else if (h.copyToAltRef == 2) {
            altRef = golden;
        }
        if (h.copyToGolden == 1) {
            golden = last;
        } else if (h.copyToGolden == 2) {
            golden = altRef;
        }
        if (h.refreshGolden) {
            golden = target;
        }
        if (h.refreshAltRef) {
            altRef = target;
        }
        if (h.refreshLast) {
            last = target;
        }
        if (!h.refreshEntropy) {
            working.entropy.copyFrom(savedEntropy);
        }
        committed.copyFrom(working);
        if (newSegmentMap) {
            mb.swapSegmentMaps();
        }
        framesDecoded++;
        if (LOG.isTraceEnabled()) {
            LOG.trace("frame {}: {} {}x{} q={} filter={} partitions={} shown={}", framesDecoded,
                    h.keyFrame ? "key" : "inter", width, height, h.qIndex, h.filterLevel, h.partitionCount,
                    h.showFrame);
        }
        if (!h.showFrame) {
            return false;
        }
        target.copyTo(out, width, height);
        return true;
    }

    private void allocate(int w, int h) {
        int mbCols = (w + 15) >> 4;
        int mbRows = (h + 15) >> 4;
        LOG.debug("VP8 stream size {}x{} ({}x{} macroblocks)", w, h, mbCols, mbRows);
        info = new MacroblockInfo(mbCols, mbRows);
        for (int i = 0; i < pool.length; i++) {
            pool[i] = new FrameBuffer(mbCols, mbRows);
        }
        last = golden = altRef = null;
        width = w;
        height = h;
    }

    private FrameBuffer freeBuffer() {
        for (FrameBuffer b : pool) {
            if (b != last && b != golden && b != altRef) {
                return b;
            }
        }
        throw new IllegalStateException("no free frame buffer");
    }

    /** The header of the last frame decoded (for tests and diagnostics). */
    FrameHeader lastHeader() {
        return header;
    }

    /** The segmentation settings of the last frame decoded (for tests and diagnostics). */
    Segmentation lastSegmentation() {
        return committed.segmentation;
    }

    /** The LAST reference after the last frame decoded: what an encoder predicts its next frame from. */
    FrameBuffer lastFrame() {
        return last;
    }

    /** The GOLDEN reference after the last frame decoded (temporal layer 1's reference in the encoder). */
    FrameBuffer goldenFrame() {
        return golden;
    }

    /** The macroblock modes of the last frame decoded (for tests and diagnostics). */
    MacroblockInfo macroblockInfo() {
        return info;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public void reset() {
        last = golden = altRef = null;
        committed.segmentation.reset();
        committed.entropy.setDefaults();
        if (info != null) {
            java.util.Arrays.fill(info.segment, (byte) 0);
        }
    }

    @Override
    public void close() {
        reset();
        info = null;
        for (int i = 0; i < pool.length; i++) {
            pool[i] = null;
        }
        width = height = 0;
    }
}
