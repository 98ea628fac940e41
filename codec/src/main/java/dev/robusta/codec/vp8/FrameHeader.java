package dev.robusta.codec.vp8;

/**
 * One frame's header (RFC 6386 sections 9 and 19.1-19.2): the uncompressed data chunk and the boolean-coded header
 * at the start of the first partition, up to the per-macroblock data. {@link #parse} validates the partition
 * layout and updates the carried-over {@link StreamState} as the header says.
 */
final class FrameHeader {
    static final int MAX_PARTITIONS = 8;

    boolean keyFrame;
    int version;
    boolean showFrame;
    int firstPartitionSize;
    /** Picture size and scaling bits, from key frames (scaling is only a hint to the application; ignored). */
    int width;
    int height;
    int horizontalScale;
    int verticalScale;
    int colorSpace;
    int clampingType;

    /** 0: normal loop filter, 1: simple. */
    int filterType;
    int filterLevel;
    int sharpness;
    boolean lfDeltasEnabled;

    int partitionCount;
    final int[] partitionOffset = new int[MAX_PARTITIONS];
    final int[] partitionSize = new int[MAX_PARTITIONS];

    int qIndex;
    int y1DcDelta;
    int y2DcDelta;
    int y2AcDelta;
    int uvDcDelta;
    int uvAcDelta;

    boolean refreshGolden;
    boolean refreshAltRef;
    /** 0: none, 1: last frame, 2: altref (to golden) or golden (to altref). */
    int copyToGolden;
    int copyToAltRef;
    boolean signBiasGolden;
    boolean signBiasAltRef;
    boolean refreshEntropy;
    /** How many token probabilities the frame updated (for tests and diagnostics). */
    int coefUpdates;
    boolean refreshLast;

    boolean mbNoCoeffSkip;
    int probSkipFalse;
    int probIntra;
    int probLast;
    int probGolden;

    /**
     * Reads the uncompressed chunk at {@code data[offset..offset+length)}.
     *
     * @return the offset of the first partition
     */
    int parseUncompressed(byte[] data, int offset, int length) throws Vp8DecodeException {
        if (length < 3) {
            throw new Vp8DecodeException("truncated frame: " + length + " bytes");
        }
        int b0 = data[offset] & 0xff;
        int tag = b0 | (data[offset + 1] & 0xff) << 8 | (data[offset + 2] & 0xff) << 16;
        keyFrame = (b0 & 1) == 0;
        version = (b0 >> 1) & 7;
        showFrame = ((b0 >> 4) & 1) != 0;
        firstPartitionSize = tag >>> 5;
        if (firstPartitionSize == 0) {
            throw new Vp8DecodeException("corrupt first partition size 0");
        }
        int pos = offset + 3;
        if (keyFrame) {
            if (length < 10) {
                throw new Vp8DecodeException("truncated key frame header");
            }
            if ((data[pos] & 0xff) != 0x9d || (data[pos + 1] & 0xff) != 0x01 || (data[pos + 2] & 0xff) != 0x2a) {
                throw new Vp8DecodeException("invalid key frame start code");
            }
            int w = (data[pos + 3] & 0xff) | (data[pos + 4] & 0xff) << 8;
            int h = (data[pos + 5] & 0xff) | (data[pos + 6] & 0xff) << 8;
            width = w & 0x3fff;
            horizontalScale = w >> 14;
            height = h & 0x3fff;
            verticalScale = h >> 14;
            if (width == 0 || height == 0) {
                throw new Vp8DecodeException("key frame of size " + width + "x" + height);
            }
            pos += 7;
        }
        if (offset + length - pos < firstPartitionSize) {
            throw new Vp8DecodeException("truncated frame or corrupt first partition size " + firstPartitionSize);
        }
        return pos;
    }

    /**
     * Reads the boolean-coded frame header from {@code bd} (positioned at the start of the first partition),
     * updating {@code state}; {@code saved} receives the probabilities to restore after this frame when it does not
     * refresh them. Also locates the token partitions, which follow the first partition in {@code data} up to
     * {@code end}.
     */
    void parseCompressed(BoolDecoder bd, StreamState state, EntropyContext saved, byte[] data, int firstPartition,
                         int end) throws Vp8DecodeException {
        if (keyFrame) {
            colorSpace = bd.readBit();
            clampingType = bd.readBit();
        }
        Segmentation seg = state.segmentation;
        seg.enabled = bd.readBit() != 0;
        if (seg.enabled) {
            seg.updateMap = bd.readBit() != 0;
            seg.updateData = bd.readBit() != 0;
            if (seg.updateData) {
                seg.absoluteValues = bd.readBit() != 0;
                for (int i = 0; i < 4; i++) {
                    seg.quantizer[i] = bd.readOptionalSigned(7);
                }
                for (int i = 0; i < 4; i++) {
                    seg.filterLevel[i] = bd.readOptionalSigned(6);
                }
            }
            if (seg.updateMap) {
                for (int i = 0; i < 3; i++) {
                    seg.treeProbs[i] = bd.readBit() != 0 ? bd.readLiteral(8) : 255;
                }
            }
        } else {
            seg.updateMap = false;
            seg.updateData = false;
        }

        filterType = bd.readBit();
        filterLevel = bd.readLiteral(6);
        sharpness = bd.readLiteral(3);
        lfDeltasEnabled = bd.readBit() != 0;
        if (lfDeltasEnabled && bd.readBit() != 0) {
            for (int i = 0; i < 4; i++) {
                if (bd.readBit() != 0) {
                    int v = bd.readLiteral(6);
                    state.refLfDeltas[i] = bd.readBit() != 0 ? -v : v;
                }
            }
            for (int i = 0; i < 4; i++) {
                if (bd.readBit() != 0) {
                    int v = bd.readLiteral(6);
                    state.modeLfDeltas[i] = bd.readBit() != 0 ? -v : v;
                }
            }
        }

        partitionCount = 1 << bd.readLiteral(2);
        locatePartitions(data, firstPartition + firstPartitionSize, end);

        qIndex = bd.readLiteral(7);
        y1DcDelta = bd.readOptionalSigned(4);
        y2DcDelta = bd.readOptionalSigned(4);
        y2AcDelta = bd.readOptionalSigned(4);
        uvDcDelta = bd.readOptionalSigned(4);
        uvAcDelta = bd.readOptionalSigned(4);

        if (keyFrame) {
            refreshGolden = true;
            refreshAltRef = true;
            copyToGolden = 0;
            copyToAltRef = 0;
            signBiasGolden = false;
            signBiasAltRef = false;
        } else {
            refreshGolden = bd.readBit() != 0;
            refreshAltRef = bd.readBit() != 0;
            copyToGolden = refreshGolden ? 0 : bd.readLiteral(2);
            copyToAltRef = refreshAltRef ? 0 : bd.readLiteral(2);
            if (copyToGolden == 3 || copyToAltRef == 3) {
                throw new Vp8DecodeException("invalid reference buffer copy flags");
            }
            signBiasGolden = bd.readBit() != 0;
            signBiasAltRef = bd.readBit() != 0;
        }
        refreshEntropy = bd.readBit() != 0;
        EntropyContext entropy = state.entropy;
        if (!refreshEntropy) {
            saved.copyFrom(entropy);
        }
        refreshLast = keyFrame || bd.readBit() != 0;

        int[] coef = entropy.coefProbs;
        int[] update = Vp8Tables.COEF_UPDATE_PROBS;
        coefUpdates = 0;
        for (int i = 0; i < coef.length; i++) {
            if (bd.readBool(update[i]) != 0) {
                coef[i] = bd.readLiteral(8);
                coefUpdates++;
            }
        }

        mbNoCoeffSkip = bd.readBit() != 0;
        probSkipFalse = mbNoCoeffSkip ? bd.readLiteral(8) : 0;
        if (!keyFrame) {
            probIntra = bd.readLiteral(8);
            probLast = bd.readLiteral(8);
            probGolden = bd.readLiteral(8);
            if (bd.readBit() != 0) {
                for (int i = 0; i < 4; i++) {
                    entropy.ymodeProbs[i] = bd.readLiteral(8);
                }
            }
            if (bd.readBit() != 0) {
                for (int i = 0; i < 3; i++) {
                    entropy.uvModeProbs[i] = bd.readLiteral(8);
                }
            }
            int[] mv = entropy.mvProbs;
            int[] mvUpdate = Vp8Tables.MV_UPDATE_PROBS;
            for (int i = 0; i < 2 * 19; i++) {
                if (bd.readBool(mvUpdate[i]) != 0) {
                    int x = bd.readLiteral(7);
                    mv[i] = x != 0 ? x << 1 : 1;
                }
            }
        }
    }

    /**
     * The token partitions follow the first partition: 3-byte little-endian sizes of all but the last, then the
     * partitions themselves; the last takes the rest of the frame (RFC 6386 section 9.5). Every partition must hold
     * at least one byte, as libvpx requires.
     */
    private void locatePartitions(byte[] data, int sizesStart, int end) throws Vp8DecodeException {
        int sizesBytes = 3 * (partitionCount - 1);
        if (sizesStart + sizesBytes > end) {
            throw new Vp8DecodeException("truncated token partition sizes");
        }
        int pos = sizesStart + sizesBytes;
        for (int i = 0; i < partitionCount; i++) {
            int left = end - pos;
            int size;
            if (i < partitionCount - 1) {
                int at = sizesStart + 3 * i;
                size = (data[at] & 0xff) | (data[at + 1] & 0xff) << 8 | (data[at + 2] & 0xff) << 16;
            } else {
                size = left;
            }
            if (size <= 0 || size > left) {
                throw new Vp8DecodeException("truncated frame or corrupt size of token partition " + (i + 1));
            }
            partitionOffset[i] = pos;
            partitionSize[i] = size;
            pos += size;
        }
    }
}
