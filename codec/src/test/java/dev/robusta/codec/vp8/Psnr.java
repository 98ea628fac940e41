package dev.robusta.codec.vp8;

import dev.robusta.codec.video.I420Frame;
import dev.robusta.codec.video.IvfReader;
import dev.robusta.codec.video.Y4mReader;
import java.io.BufferedInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** PSNR of a VP8 IVF file (decoded by {@link Vp8Decoder}) against its Y4M source: all planes, total SSE. */
final class Psnr {
    private Psnr() {
    }

    static double of(Path y4m, Path ivf) throws Exception {
        double sse = 0;
        long samples = 0;
        try (Y4mReader src = new Y4mReader(new BufferedInputStream(Files.newInputStream(y4m)));
             IvfReader in = new IvfReader(new BufferedInputStream(Files.newInputStream(ivf)));
             Vp8Decoder decoder = new Vp8Decoder()) {
            I420Frame a = I420Frame.allocate(16, 16);
            I420Frame b = I420Frame.allocate(16, 16);
            while (in.next()) {
                if (!decoder.decode(in.frameData(), 0, in.frameLength(), b)) {
                    continue;
                }
                if (!src.next(a)) {
                    break;
                }
                sse += planeSse(a.y(), a.yOffset(), a.yStride(), b.y(), b.yOffset(), b.yStride(), a.width(), a.height());
                sse += planeSse(a.u(), a.uOffset(), a.uStride(), b.u(), b.uOffset(), b.uStride(), a.chromaWidth(),
                        a.chromaHeight());
                sse += planeSse(a.v(), a.vOffset(), a.vStride(), b.v(), b.vOffset(), b.vStride(), a.chromaWidth(),
                        a.chromaHeight());
                samples += a.sizeBytes();
            }
        }
        return sse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 * samples / sse);
    }

    private static double planeSse(byte[] a, int ao, int as, byte[] b, int bo, int bs, int w, int h) {
        double sum = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int d = (a[ao + y * as + x] & 0xff) - (b[bo + y * bs + x] & 0xff);
                sum += d * d;
            }
        }
        return sum;
    }
}
