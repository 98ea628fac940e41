package dev.robusta.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.robusta.codec.video.I420Frame;
import dev.robusta.codec.video.IvfReader;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input: at least 100,000 mutated frames (bit flips, truncation, overwritten and shifted bytes, forged
 * partition sizes, random payloads behind valid headers) through decoders that keep going between them. Every
 * failure must be a {@link Vp8DecodeException}; nothing may hang; and afterwards a decoder that has swallowed all
 * that garbage must decode a clean stream, from its key frame on, exactly as a fresh one does.
 *
 * <p>The seed comes from {@code -Drobusta.fuzz.seed} (default fixed); a failure prints what to replay.
 */
class Vp8CorruptionTest {
    private static final int MUTATED_FRAMES = 100_000;

    @TempDir
    static Path dir;

    private static final List<List<byte[]>> STREAMS = new ArrayList<>();
    private static final List<List<String>> CLEAN_MD5S = new ArrayList<>();

    @BeforeAll
    static void corpus() throws Exception {
        VpxTools.requireInstalled();
        addStream("tiny-rt", 33, 17, 12, List.of("--rt", "--cpu-used=8", "--end-usage=cbr", "--target-bitrate=60"));
        addStream("odd-altref", 99, 67, 16, List.of("--good", "--cpu-used=2", "--passes=2", "--auto-alt-ref=1",
                "--lag-in-frames=8", "--kf-max-dist=6", "--target-bitrate=200"));
        addStream("qcif-partitions", 176, 144, 8, List.of("--rt", "--cpu-used=4", "--token-parts=3",
                "--error-resilient=1", "--target-bitrate=300"));
        addStream("tiny-profile1", 33, 17, 10, List.of("--good", "--profile=1", "--target-bitrate=60"));
        addStream("tiny-profile3", 40, 24, 10, List.of("--good", "--profile=3", "--sharpness=5",
                "--target-bitrate=60"));
    }

    private static void addStream(String name, int w, int h, int frames, List<String> settings) throws Exception {
        Path y4m = dir.resolve(name + ".y4m");
        Path ivf = dir.resolve(name + ".ivf");
        VpxTools.writeClip(y4m, new SyntheticVideo(w, h, frames / 2), w, h, frames);
        VpxTools.encode(y4m, ivf, settings);
        List<byte[]> list = new ArrayList<>();
        try (IvfReader r = new IvfReader(new ByteArrayInputStream(Files.readAllBytes(ivf)))) {
            while (r.next()) {
                list.add(Arrays.copyOf(r.frameData(), r.frameLength()));
            }
        }
        STREAMS.add(list);
        CLEAN_MD5S.add(decodeAll(new Vp8Decoder(), list));
    }

    private static List<String> decodeAll(Vp8Decoder decoder, List<byte[]> frames) throws Vp8DecodeException {
        List<String> md5s = new ArrayList<>();
        I420Frame out = I420Frame.allocate(16, 16);
        for (byte[] f : frames) {
            if (decoder.decode(f, 0, f.length, out)) {
                byte[] packed = new byte[out.sizeBytes()];
                out.writePacked(packed, 0);
                md5s.add(DecodeTool.md5(packed));
            }
        }
        return md5s;
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void mutatedFramesOnlyEverRaiseVp8DecodeException() throws Exception {
        long seed = Long.getLong("robusta.fuzz.seed", 0x5eed_0f_7e57L);
        Random random = new Random(seed);
        Vp8Decoder[] decoders = new Vp8Decoder[STREAMS.size()];
        for (int i = 0; i < decoders.length; i++) {
            decoders[i] = new Vp8Decoder(256 * 256);
        }
        I420Frame out = I420Frame.allocate(16, 16);
        int mutated = 0;
        int rejected = 0;
        int shown = 0;
        while (mutated < MUTATED_FRAMES) {
            for (int s = 0; s < STREAMS.size() && mutated < MUTATED_FRAMES; s++) {
                List<byte[]> frames = STREAMS.get(s);
                Vp8Decoder decoder = decoders[s];
                for (int f = 0; f < frames.size(); f++) {
                    byte[] clean = frames.get(f);
                    int variants = random.nextInt(4);
                    for (int v = 0; v < variants; v++) {
                        int kind = random.nextInt(Mutation.values().length);
                        byte[] bad = Mutation.values()[kind].apply(clean, random);
                        mutated++;
                        try {
                            if (decoder.decode(bad, 0, bad.length, out)) {
                                shown++;
                            }
                        } catch (Vp8DecodeException e) {
                            rejected++;
                        } catch (Throwable t) {
                            fail("seed " + seed + ", stream " + s + ", frame " + f + ", mutation "
                                    + Mutation.values()[kind] + ": " + t + "\n" + HexFormat.of().formatHex(bad), t);
                        }
                    }
                    try {
                        decoder.decode(clean, 0, clean.length, out);
                    } catch (Vp8DecodeException e) {
                        rejected++; // e.g. an inter frame after a rejected key frame of another size
                    }
                }
            }
        }
        assertTrue(mutated >= MUTATED_FRAMES);
        // Both outcomes must occur: corrupt frames rejected, and damage the format cannot detect decoded.
        assertTrue(rejected > mutated / 20, "rejected " + rejected + " of " + mutated);
        assertTrue(shown > mutated / 20, "shown " + shown + " of " + mutated);

        // After all that, each decoder decodes its clean stream exactly, starting at the key frame.
        for (int s = 0; s < STREAMS.size(); s++) {
            assertEquals(CLEAN_MD5S.get(s), decodeAll(decoders[s], STREAMS.get(s)), "stream " + s + " after fuzzing");
        }
    }

    @Test
    void truncatedFramesAreRejectedAtEveryLength() {
        for (List<byte[]> frames : STREAMS) {
            Vp8Decoder decoder = new Vp8Decoder();
            I420Frame out = I420Frame.allocate(16, 16);
            for (byte[] frame : frames) {
                for (int len = 1; len < frame.length; len += Math.max(1, frame.length / 97)) {
                    try {
                        decoder.decode(frame, 0, len, out);
                    } catch (Vp8DecodeException expected) {
                        // fine
                    }
                }
                // The whole frame still decodes: a rejected truncation changed nothing.
                assertDoesNotThrowDecode(decoder, frame, out);
            }
        }
    }

    @Test
    void headerProblemsHaveTheirOwnErrors() throws Exception {
        Vp8Decoder decoder = new Vp8Decoder(64 * 64);
        I420Frame out = I420Frame.allocate(16, 16);
        byte[] key = STREAMS.get(0).get(0);
        byte[] inter = STREAMS.get(0).get(1);
        assertFalse(decoder.decode(key, 0, 0, out), "an empty frame shows nothing");
        Vp8DecodeException e = assertThrows(Vp8DecodeException.class, () -> decoder.decode(inter, 0, inter.length, out));
        assertTrue(e.getMessage().contains("before the first key frame"), e.getMessage());
        byte[] badSync = key.clone();
        badSync[3] = 0x11;
        e = assertThrows(Vp8DecodeException.class, () -> decoder.decode(badSync, 0, badSync.length, out));
        assertTrue(e.getMessage().contains("start code"), e.getMessage());
        byte[] huge = key.clone();
        huge[6] = (byte) 0xff;
        huge[7] = 0x3f;
        e = assertThrows(Vp8DecodeException.class, () -> decoder.decode(huge, 0, huge.length, out));
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
        byte[] zeroSize = key.clone();
        zeroSize[6] = 0;
        zeroSize[7] = 0;
        e = assertThrows(Vp8DecodeException.class, () -> decoder.decode(zeroSize, 0, zeroSize.length, out));
        assertTrue(e.getMessage().contains("size"), e.getMessage());
        assertTrue(decoder.decode(key, 0, key.length, out));
        assertEquals(33, out.width());
    }

    private static void assertDoesNotThrowDecode(Vp8Decoder decoder, byte[] frame, I420Frame out) {
        try {
            decoder.decode(frame, 0, frame.length, out);
        } catch (Vp8DecodeException e) {
            fail("clean frame rejected after truncated copies: " + e.getMessage());
        }
    }

    /** Ways to damage a frame. */
    enum Mutation {
        FLIP_BITS {
            @Override
            byte[] apply(byte[] f, Random r) {
                byte[] b = f.clone();
                int n = 1 + r.nextInt(8);
                for (int i = 0; i < n; i++) {
                    int bit = r.nextInt(b.length * 8);
                    b[bit >> 3] ^= (byte) (1 << (bit & 7));
                }
                return b;
            }
        },
        FLIP_HEADER_BITS {
            @Override
            byte[] apply(byte[] f, Random r) {
                byte[] b = f.clone();
                int span = Math.min(b.length, 24);
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    int bit = r.nextInt(span * 8);
                    b[bit >> 3] ^= (byte) (1 << (bit & 7));
                }
                return b;
            }
        },
        TRUNCATE {
            @Override
            byte[] apply(byte[] f, Random r) {
                return Arrays.copyOf(f, r.nextInt(f.length));
            }
        },
        OVERWRITE_RANGE {
            @Override
            byte[] apply(byte[] f, Random r) {
                byte[] b = f.clone();
                int start = r.nextInt(b.length);
                int len = 1 + r.nextInt(Math.min(64, b.length - start));
                for (int i = 0; i < len; i++) {
                    b[start + i] = (byte) r.nextInt(256);
                }
                return b;
            }
        },
        ZERO_TAIL {
            @Override
            byte[] apply(byte[] f, Random r) {
                byte[] b = f.clone();
                Arrays.fill(b, r.nextInt(b.length), b.length, r.nextBoolean() ? (byte) 0 : (byte) 0xff);
                return b;
            }
        },
        INSERT_OR_DELETE {
            @Override
            byte[] apply(byte[] f, Random r) {
                int at = r.nextInt(f.length);
                int n = 1 + r.nextInt(16);
                if (r.nextBoolean() || f.length <= n + at) {
                    byte[] b = new byte[f.length + n];
                    System.arraycopy(f, 0, b, 0, at);
                    for (int i = 0; i < n; i++) {
                        b[at + i] = (byte) r.nextInt(256);
                    }
                    System.arraycopy(f, at, b, at + n, f.length - at);
                    return b;
                }
                byte[] b = new byte[f.length - n];
                System.arraycopy(f, 0, b, 0, at);
                System.arraycopy(f, at + n, b, at, f.length - at - n);
                return b;
            }
        },
        FORGE_PARTITION_SIZES {
            @Override
            byte[] apply(byte[] f, Random r) {
                byte[] b = f.clone();
                int first = ((b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16) >>> 5;
                int headerEnd = ((b[0] & 1) == 0 ? 10 : 3) + first;
                if (r.nextBoolean() || headerEnd + 3 > b.length) {
                    int size = r.nextInt(1 << 19);
                    int tag = (b[0] & 0x1f) | size << 5;
                    b[0] = (byte) tag;
                    b[1] = (byte) (tag >> 8);
                    b[2] = (byte) (tag >> 16);
                } else {
                    for (int i = 0; i < 3; i++) {
                        b[headerEnd + i] = (byte) r.nextInt(256);
                    }
                }
                return b;
            }
        },
        RANDOM_PAYLOAD {
            @Override
            byte[] apply(byte[] f, Random r) {
                byte[] b = f.clone();
                int keep = (b[0] & 1) == 0 ? 10 : 3;
                for (int i = Math.min(keep, b.length); i < b.length; i++) {
                    b[i] = (byte) r.nextInt(256);
                }
                return b;
            }
        };

        abstract byte[] apply(byte[] frame, Random random);
    }
}
