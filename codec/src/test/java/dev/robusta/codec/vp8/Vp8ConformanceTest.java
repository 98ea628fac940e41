package dev.robusta.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bit-exactness with libvpx: streams made by {@code vpxenc} over a range of settings are decoded by
 * {@link Vp8Decoder} and by {@code vpxdec}, and every shown frame's I420 MD5 must match. Each stream also has to
 * show the features its name promises (hidden alt-ref frames, eight partitions, bilinear filters...), so the
 * corpus cannot silently stop covering them when the encoder changes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Vp8ConformanceTest {
    @TempDir
    static Path dir;

    private static final Map<String, Path> CLIPS = new ConcurrentHashMap<>();

    record Clip(String name, int width, int height, int frames) {
    }

    record Case(String name, Clip clip, List<String> settings, String feature, Predicate<StreamStats> check) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Clip QCIF = new Clip("qcif", 176, 144, 30);
    static final Clip ODD = new Clip("odd", 99, 67, 20);
    static final Clip TINY = new Clip("tiny", 33, 17, 12);
    static final Clip VGA = new Clip("vga", 640, 480, 10);

    static Stream<Case> cases() {
        return Stream.of(
                new Case("realtime-cbr", QCIF, List.of("--rt", "--cpu-used=8", "--end-usage=cbr",
                        "--target-bitrate=200"), "segmentation (cyclic refresh)", s -> s.segmentationFrames > 0),
                new Case("realtime-speed4", QCIF, List.of("--rt", "--cpu-used=4", "--target-bitrate=300"),
                        "inter frames with new vectors", s -> s.yModes[Modes.NEWMV] > 0),
                new Case("good-2pass-altref", QCIF, List.of("--good", "--cpu-used=1", "--passes=2",
                        "--auto-alt-ref=1", "--lag-in-frames=16", "--kf-max-dist=12", "--target-bitrate=300"),
                        "hidden alt-ref frames, sign bias, golden/altref references, key frames",
                        s -> s.hiddenFrames > 0 && s.signBiasFrames > 0 && s.refFrames[Modes.ALTREF_FRAME] > 0
                                && s.refFrames[Modes.GOLDEN_FRAME] > 0 && s.keyFrames > 1),
                new Case("best", QCIF, List.of("--best", "--target-bitrate=600"),
                        "every subblock intra mode, split vectors", s -> s.usesAllSubblockModes()
                                && s.yModes[Modes.SPLITMV] > 0),
                new Case("odd-size", ODD, List.of("--good", "--cpu-used=2", "--target-bitrate=200"),
                        "99x67 picture", s -> s.sizes.contains("99x67")),
                new Case("tiny", TINY, List.of("--rt", "--cpu-used=6", "--target-bitrate=50"),
                        "33x17 picture", s -> s.sizes.contains("33x17")),
                new Case("token-partitions-8", QCIF, List.of("--rt", "--cpu-used=4", "--token-parts=3",
                        "--target-bitrate=300"), "8 token partitions", s -> s.partitionCounts.contains(8)),
                new Case("token-partitions-2", VGA, List.of("--rt", "--cpu-used=6", "--token-parts=1",
                        "--target-bitrate=800"), "2 token partitions", s -> s.partitionCounts.contains(2)),
                new Case("error-resilient", QCIF, List.of("--rt", "--cpu-used=6", "--error-resilient=1",
                        "--target-bitrate=250"), "probabilities not refreshed", s -> s.noEntropyRefresh > 0),
                new Case("dropped-frames", QCIF, List.of("--rt", "--end-usage=cbr", "--target-bitrate=20",
                        "--drop-frame=60", "--buf-sz=200", "--buf-initial-sz=100", "--buf-optimal-sz=100"),
                        "frames dropped by rate control", s -> s.frames < QCIF.frames()),
                new Case("profile1-bilinear-simple-filter", QCIF, List.of("--good", "--profile=1",
                        "--target-bitrate=300"), "version 1, simple loop filter",
                        s -> s.versions.contains(1) && s.simpleFilterFrames > 0),
                new Case("profile2-bilinear", QCIF, List.of("--good", "--profile=2", "--target-bitrate=300"),
                        "version 2", s -> s.versions.contains(2)),
                new Case("profile3-full-pixel", QCIF, List.of("--good", "--profile=3", "--target-bitrate=300"),
                        "version 3", s -> s.versions.contains(3)),
                new Case("sharpness-noise", QCIF, List.of("--rt", "--cpu-used=5", "--sharpness=3",
                        "--noise-sensitivity=2", "--static-thresh=500", "--target-bitrate=300"),
                        "loop filter sharpness", s -> s.sharpFrames > 0),
                new Case("sharpness-high", QCIF, List.of("--good", "--cpu-used=3", "--sharpness=7",
                        "--target-bitrate=150"), "loop filter sharpness above 4", s -> s.sharpFrames > 0),
                new Case("spatial-resampling", QCIF, List.of("--rt", "--cpu-used=8", "--end-usage=cbr",
                        "--target-bitrate=40", "--resize-allowed=1", "--resize-down=90", "--resize-up=99",
                        "--buf-sz=300"), "internally scaled 141x116 picture with scaling bits",
                        s -> !s.sizes.contains("176x144")),
                new Case("lossless-quantizer", QCIF, List.of("--good", "--end-usage=q", "--cq-level=0",
                        "--min-q=0", "--max-q=0"), "quantizer index 0 (largest coefficients)",
                        s -> s.frames == QCIF.frames()),
                new Case("coarsest-quantizer", QCIF, List.of("--good", "--min-q=63", "--max-q=63",
                        "--target-bitrate=50"), "strongest loop filter", s -> s.frames > 0),
                new Case("vga-realtime", VGA, List.of("--rt", "--cpu-used=6", "--target-bitrate=600"),
                        "640x480 picture", s -> s.sizes.contains("640x480")));
    }

    @BeforeAll
    static void tools() {
        VpxTools.requireInstalled();
    }

    private static Path clip(Clip c) {
        return CLIPS.computeIfAbsent(c.name(), n -> {
            Path y4m = dir.resolve(n + ".y4m");
            try {
                VpxTools.writeClip(y4m, new SyntheticVideo(c.width(), c.height(), c.frames() * 2 / 3), c.width(),
                        c.height(), c.frames());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return y4m;
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Order(1)
    void decodesEveryFrameLikeVpxdec(Case c) throws Exception {
        Path ivf = dir.resolve(c.name() + ".ivf");
        VpxTools.encode(clip(c.clip()), ivf, c.settings());
        assertSameAsVpxdec(ivf, c.feature(), c.check());
    }

    /** A key frame of another size in the middle of a stream (concatenated encodings). */
    @Test
    @Order(2)
    void sizeChangeMidStream() throws Exception {
        Path a = dir.resolve("size-a.ivf");
        Path b = dir.resolve("size-b.ivf");
        VpxTools.encode(clip(QCIF), a, List.of("--rt", "--cpu-used=8", "--limit=8", "--target-bitrate=200"));
        VpxTools.encode(clip(ODD), b, List.of("--rt", "--cpu-used=8", "--limit=8", "--target-bitrate=200"));
        Path joined = dir.resolve("size-change.ivf");
        byte[] first = Files.readAllBytes(a);
        byte[] second = Files.readAllBytes(b);
        try (OutputStream out = Files.newOutputStream(joined)) {
            out.write(first);
            out.write(second, 32, second.length - 32);
            out.write(first, 32, first.length - 32);
        }
        assertSameAsVpxdec(joined, "three sizes in one stream",
                s -> s.sizes.contains("176x144") && s.sizes.contains("99x67") && s.keyFrames == 3);
    }

    /**
     * Three temporal layers as WebRTC runs them (frames that update neither LAST nor the probabilities, GOLDEN as
     * layer 1's reference) and a forced key frame: vpxenc cannot make these, so the stream is a committed fixture
     * made through libvpx's API by {@code src/test/resources/vp8/temporal_layers.c}, with vpxdec's MD5s beside it.
     */
    @Test
    @Order(2)
    void temporalLayersFixture() throws Exception {
        Path ivf = dir.resolve("temporal-layers.ivf");
        try (var in = Vp8ConformanceTest.class.getResourceAsStream("/vp8/temporal-layers.ivf")) {
            Files.copy(in, ivf);
        }
        List<String> committed;
        try (var in = Vp8ConformanceTest.class.getResourceAsStream("/vp8/temporal-layers.md5")) {
            committed = List.of(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim()
                    .split("\\s+"));
        }
        assertEquals(committed, StreamStats.decode(ivf).md5s, "MD5s recorded from vpxdec with the fixture");
        assertSameAsVpxdec(ivf, "layer frames not updating LAST or probabilities, golden updates, a forced key frame",
                s -> s.noLastRefresh > 0 && s.noEntropyRefresh > 0 && s.goldenRefreshes > 0 && s.keyFrames == 2
                        && s.refFrames[Modes.GOLDEN_FRAME] > 0);
    }

    /** Together, the streams above use every macroblock mode, subblock mode and reference frame. */
    @Test
    @Order(3)
    void corpusCoversEveryModeAndReference() {
        assertEquals(cases().count() + 2, SEEN.size(), "all corpus streams decoded before this check");
        long[] yModes = new long[10];
        long[] subModes = new long[10];
        long[] refs = new long[4];
        int compared = SEEN.stream().mapToInt(s -> s.md5s.size()).sum();
        org.slf4j.LoggerFactory.getLogger(Vp8ConformanceTest.class).info("{} streams, {} frames equal to vpxdec's",
                SEEN.size(), compared);
        assertTrue(compared >= 400, "frames compared with vpxdec: " + compared);
        for (StreamStats s : SEEN) {
            for (int m = 0; m < 10; m++) {
                yModes[m] += s.yModes[m];
                subModes[m] += s.subModes[m];
            }
            for (int r = 0; r < 4; r++) {
                refs[r] += s.refFrames[r];
            }
        }
        for (int m = 0; m < 10; m++) {
            assertTrue(yModes[m] > 0, "macroblock mode " + m + " never used: " + java.util.Arrays.toString(yModes));
            assertTrue(subModes[m] > 0, "subblock mode " + m + " never used: " + java.util.Arrays.toString(subModes));
        }
        for (int r = 0; r < 4; r++) {
            assertTrue(refs[r] > 0, "reference " + r + " never used");
        }
    }

    private static final List<StreamStats> SEEN = new java.util.concurrent.CopyOnWriteArrayList<>();

    static void assertSameAsVpxdec(Path ivf, String feature, Predicate<StreamStats> check) throws Exception {
        Path work = Files.createTempDirectory(dir, "vpxdec");
        List<String> expected = VpxTools.frameMd5s(ivf, work);
        StreamStats ours = StreamStats.decode(ivf);
        SEEN.add(ours);
        assertTrue(expected.size() > 0, "vpxdec showed no frames");
        assertEquals(expected.size(), ours.md5s.size(), "shown frames");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), ours.md5s.get(i), "MD5 of shown frame " + i);
        }
        assertTrue(check.test(ours), "the stream should exercise: " + feature + "; it has " + ours);
    }
}
