package dev.robusta.codec.vp8;

import dev.robusta.codec.EncodedFrame;
import dev.robusta.codec.video.I420Frame;
import dev.robusta.codec.video.IvfWriter;
import dev.robusta.codec.video.Y4mReader;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

final class EncTool {
    public static void main(String[] a) throws Exception {
        int kbps = Integer.parseInt(a[2]);
        try (Y4mReader in = new Y4mReader(new BufferedInputStream(Files.newInputStream(Path.of(a[0]))));
             IvfWriter out = new IvfWriter(new BufferedOutputStream(Files.newOutputStream(Path.of(a[1]))), "VP80",
                     in.width(), in.height(), 1, 30)) {
            java.util.List<I420Frame> frames = new java.util.ArrayList<>();
            I420Frame g = I420Frame.allocate(16, 16);
            while (in.next(g)) {
                I420Frame copy = I420Frame.allocate(16, 16);
                g.copyTo(copy);
                frames.add(copy);
            }
            for (int warm = 0; warm < 2; warm++) {
                Vp8Encoder w = new Vp8Encoder(in.width(), in.height(), 30, kbps * 1000);
                EncodedFrame ef = new EncodedFrame();
                long t0 = System.nanoTime();
                for (I420Frame fr : frames) {
                    w.encode(fr, false, ef);
                }
                System.out.printf("pass %d: %.1f fps%n", warm, frames.size() * 1e9 / (System.nanoTime() - t0));
            }
            Vp8Encoder enc = new Vp8Encoder(in.width(), in.height(), 30, kbps * 1000);
            I420Frame f = I420Frame.allocate(16, 16);
            EncodedFrame ef = new EncodedFrame();
            int n = 0;
            long bytes = 0;
            long t0 = System.nanoTime();
            for (I420Frame fr : frames) {
                f = fr;
                enc.encode(f, false, ef);
                out.write(ef.data(), 0, ef.length(), n++);
                bytes += ef.length();
            }
            long t1 = System.nanoTime();
            System.out.printf("%d frames, %.1f kbps, %.1f fps, last q %d%n", n, bytes * 8 * 30.0 / n / 1000,
                    n * 1e9 / (t1 - t0), enc.lastQuantizer());
        }
    }
}
