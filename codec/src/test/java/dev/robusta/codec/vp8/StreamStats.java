package dev.robusta.codec.vp8;

import dev.robusta.codec.video.I420Frame;
import dev.robusta.codec.video.IvfReader;
import java.io.BufferedInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Decodes a stream with {@link Vp8Decoder} and records, besides each shown frame's MD5, which features of the
 * format the stream used: the evidence that a corpus entry tests what its name says.
 */
final class StreamStats {
    final List<String> md5s = new ArrayList<>();
    int frames;
    int keyFrames;
    int hiddenFrames;
    int emptyFrames;
    final TreeSet<Integer> versions = new TreeSet<>();
    final TreeSet<Integer> partitionCounts = new TreeSet<>();
    final TreeSet<String> sizes = new TreeSet<>();
    int noEntropyRefresh;
    int segmentationFrames;
    int segmentMapUpdates;
    int simpleFilterFrames;
    int sharpFrames;
    int lfDeltaFrames;
    int goldenRefreshes;
    int altRefRefreshes;
    int bufferCopies;
    int signBiasFrames;
    int noLastRefresh;
    final long[] yModes = new long[10];
    final long[] refFrames = new long[4];
    final long[] subModes = new long[10];
    long clampedMbs;
    final List<Integer> quantizers = new ArrayList<>();
    final List<Integer> filterLevels = new ArrayList<>();
    /** Per frame, the number of token probabilities its header updated. */
    final List<Integer> coefUpdates = new ArrayList<>();
    /** Per frame, whether it kept its probabilities for later frames. */
    final List<Boolean> entropyRefreshes = new ArrayList<>();

    static StreamStats decode(Path ivf) throws Exception {
        StreamStats s = new StreamStats();
        try (IvfReader reader = new IvfReader(new BufferedInputStream(Files.newInputStream(ivf)));
             Vp8Decoder decoder = new Vp8Decoder()) {
            I420Frame frame = I420Frame.allocate(16, 16);
            while (reader.next()) {
                s.frames++;
                if (reader.frameLength() == 0) {
                    s.emptyFrames++;
                    continue;
                }
                boolean shown = decoder.decode(reader.frameData(), 0, reader.frameLength(), frame);
                if (shown) {
                    byte[] packed = new byte[frame.sizeBytes()];
                    frame.writePacked(packed, 0);
                    s.md5s.add(DecodeTool.md5(packed));
                    s.sizes.add(frame.width() + "x" + frame.height());
                } else {
                    s.hiddenFrames++;
                }
                s.record(decoder.lastHeader(), decoder.macroblockInfo());
                s.segmentationFrames += decoder.lastSegmentation().enabled ? 1 : 0;
                s.segmentMapUpdates += decoder.lastSegmentation().updateMap ? 1 : 0;
            }
        }
        return s;
    }

    private void record(FrameHeader h, MacroblockInfo info) {
        quantizers.add(h.qIndex);
        filterLevels.add(h.filterLevel);
        coefUpdates.add(h.coefUpdates);
        entropyRefreshes.add(h.refreshEntropy);
        if (h.keyFrame) {
            keyFrames++;
        }
        versions.add(h.version);
        partitionCounts.add(h.partitionCount);
        noEntropyRefresh += h.refreshEntropy ? 0 : 1;
        noLastRefresh += h.refreshLast ? 0 : 1;
        if (!h.keyFrame) {
            goldenRefreshes += h.refreshGolden ? 1 : 0;
            altRefRefreshes += h.refreshAltRef ? 1 : 0;
            bufferCopies += (h.copyToGolden != 0 || h.copyToAltRef != 0) ? 1 : 0;
            signBiasFrames += (h.signBiasGolden || h.signBiasAltRef) ? 1 : 0;
        }
        simpleFilterFrames += h.filterType;
        sharpFrames += h.sharpness > 0 ? 1 : 0;
        lfDeltaFrames += h.lfDeltasEnabled ? 1 : 0;
        for (int r = 0; r < info.mbRows; r++) {
            for (int c = 0; c < info.mbCols; c++) {
                int i = info.index(r, c);
                yModes[info.yMode[i]]++;
                refFrames[info.refFrame[i]]++;
                clampedMbs += info.needClamp[i];
                if (info.yMode[i] == Modes.B_PRED) {
                    for (int b = 0; b < 16; b++) {
                        subModes[info.sub[i * 16 + b]]++;
                    }
                }
            }
        }
    }

    boolean usesAllSubblockModes() {
        for (long n : subModes) {
            if (n == 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "frames=" + frames + " key=" + keyFrames + " hidden=" + hiddenFrames + " versions=" + versions
                + " partitions=" + partitionCounts + " sizes=" + sizes + " noEntropyRefresh=" + noEntropyRefresh
                + " segFrames=" + segmentationFrames + " simpleLf=" + simpleFilterFrames + " sharp=" + sharpFrames
                + " goldenRefresh=" + goldenRefreshes + " altRefresh=" + altRefRefreshes + " copies=" + bufferCopies
                + " signBias=" + signBiasFrames + " noLastRefresh=" + noLastRefresh
                + " yModes=" + java.util.Arrays.toString(yModes) + " refs=" + java.util.Arrays.toString(refFrames)
                + " subModes=" + java.util.Arrays.toString(subModes) + " clamped=" + clampedMbs + " q=" + quantizers
                + " lf=" + filterLevels;
    }
}
