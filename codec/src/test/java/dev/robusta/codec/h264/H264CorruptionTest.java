package dev.robusta.codec.h264;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.codec.media.AnnexBReader;
import dev.robusta.codec.media.ExternalTools;
import dev.robusta.codec.video.I420Frame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corrupt H.264 from the network: only H264DecodeException, never another exception or a hang. */
class H264CorruptionTest {
    @TempDir
    static Path dir;

    static List<byte[]> stream() throws Exception {
        ExternalTools.require("ffmpeg", "x264");
        Path clip = H264Streams.clip(dir, 176, 144, 10);
        Path s = H264Streams.x264(dir, "qcif", clip, List.of("--profile", "baseline", "--preset", "veryfast",
                "--tune", "zerolatency", "--threads", "1", "--keyint", "5"));
        List<byte[]> units = new ArrayList<>();
        try (AnnexBReader r = AnnexBReader.open(s)) {
            while (r.next()) {
                units.add(Arrays.copyOf(r.data(), r.length()));
            }
        }
        return units;
    }

    @Test
    void mutatedAccessUnitsGiveOnlyTypedErrorsAndKeyFramesRecover() throws Exception {
        List<byte[]> units = stream();
        assertEquals(10, units.size());
        List<String> clean = new ArrayList<>();
        H264Decoder reference = new H264Decoder();
        I420Frame out = I420Frame.allocate(16, 16);
        for (byte[] u : units) {
            reference.decode(u, 0, u.length, out);
            clean.add(H264ConformanceTest.md5(out));
        }
        Random random = new Random(42);
        assertTimeoutPreemptively(Duration.ofSeconds(240), () -> {
            int errors = 0;
            for (int round = 0; round < 400; round++) {
                H264Decoder decoder = new H264Decoder();
                for (int i = 0; i < units.size(); i++) {
                    byte[] u = units.get(i);
                    if (i % 5 != 0 && random.nextInt(3) == 0) {
                        byte[] m = mutate(u, random);
                        try {
                            decoder.decode(m, 0, m.length, out);
                        } catch (H264DecodeException e) {
                            errors++;
                        }
                        continue;
                    }
                    try {
                        decoder.decode(u, 0, u.length, out);
                        if (i % 5 == 0) {
                            // An IDR picture brings the decoder back to exactly the clean picture.
                            assertEquals(clean.get(i), H264ConformanceTest.md5(out), "round " + round + " unit " + i);
                        }
                    } catch (H264DecodeException e) {
                        errors++;
                    }
                }
            }
            assertTrue(errors > 0);
        });
    }

    private static byte[] mutate(byte[] u, Random random) {
        byte[] m;
        switch (random.nextInt(3)) {
            case 0 -> m = Arrays.copyOf(u, 5 + random.nextInt(u.length - 4)); // truncated
            case 1 -> {
                m = u.clone();
                for (int k = 0; k < 1 + random.nextInt(8); k++) {
                    m[5 + random.nextInt(m.length - 5)] = (byte) random.nextInt(256);
                }
            }
            default -> {
                m = u.clone();
                int from = 5 + random.nextInt(m.length - 5);
                Arrays.fill(m, from, Math.min(m.length, from + 1 + random.nextInt(64)), (byte) random.nextInt(256));
            }
        }
        return m;
    }

    @Test
    void garbageAndMissingParameterSetsAreTypedErrors() throws Exception {
        H264Decoder decoder = new H264Decoder();
        I420Frame out = I420Frame.allocate(16, 16);
        assertThrows(H264DecodeException.class, () -> decoder.decode(new byte[] {1, 2, 3}, 0, 3, out));
        List<byte[]> units = stream();
        byte[] p = units.get(1);
        H264DecodeException e = assertThrows(H264DecodeException.class, () -> decoder.decode(p, 0, p.length, out));
        assertEquals("H.264: the stream must start with an IDR picture", e.getMessage());
        Random random = new Random(3);
        for (int i = 0; i < 2000; i++) {
            byte[] g = new byte[4 + random.nextInt(300)];
            random.nextBytes(g);
            g[0] = 0;
            g[1] = 0;
            g[2] = 0;
            g[3] = 1;
            H264Decoder fresh = new H264Decoder();
            try {
                fresh.decode(g, 0, g.length, out);
            } catch (H264DecodeException expected) {
                // typed
            }
        }
        byte[] idr = units.get(0);
        decoder.reset();
        assertTrue(decoder.decode(idr, 0, idr.length, out));
        assertEquals(176, decoder.width());
    }
}
