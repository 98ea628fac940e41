package dev.robusta.codec.h264;

import dev.robusta.codec.media.ExternalTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Makes H.264 test streams with Debian's x264 and ffmpeg, and asks ffmpeg what each frame decodes to. */
final class H264Streams {
    private H264Streams() {
    }

    /** A textured, moving clip: FFmpeg's testsrc2 with temporal noise, as raw I420 in a Y4M file. */
    static Path clip(Path dir, int width, int height, int frames) throws IOException, InterruptedException {
        Path y4m = dir.resolve("clip-" + width + "x" + height + "-" + frames + ".y4m");
        if (!Files.exists(y4m)) {
            ExternalTools.run(List.of("ffmpeg", "-nostdin", "-y", "-v", "error", "-f", "lavfi", "-i",
                    "testsrc2=size=" + width + "x" + height + ":rate=30,noise=alls=12:allf=t,format=yuv420p",
                    "-frames:v", String.valueOf(frames), "-pix_fmt", "yuv420p", y4m.toString()), dir);
        }
        return y4m;
    }

    /** Encodes {@code y4m} with the x264 command line and the given options. */
    static Path x264(Path dir, String name, Path y4m, List<String> options) throws IOException, InterruptedException {
        Path out = dir.resolve(name + ".264");
        List<String> cmd = new ArrayList<>(List.of("x264", "--quiet", "--no-progress", "-o", out.toString()));
        cmd.addAll(options);
        cmd.add(y4m.toString());
        ExternalTools.run(cmd, dir);
        return out;
    }

    /** Encodes {@code y4m} with ffmpeg's libx264 and the given output options. */
    static Path ffmpeg(Path dir, String name, Path y4m, List<String> options) throws IOException,
            InterruptedException {
        Path out = dir.resolve(name + ".264");
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-y", "-v", "error", "-i", y4m.toString(),
                "-c:v", "libx264"));
        cmd.addAll(options);
        cmd.addAll(List.of("-f", "h264", out.toString()));
        ExternalTools.run(cmd, dir);
        return out;
    }

    /** The MD5 of every frame ffmpeg decodes (one thread), of its I420 pixels packed Y, U, V. */
    static List<String> ffmpegFrameMd5s(Path stream, Path dir) throws IOException, InterruptedException {
        Path md5 = dir.resolve(stream.getFileName() + ".framemd5");
        ExternalTools.run(List.of("ffmpeg", "-nostdin", "-y", "-v", "error", "-threads", "1", "-i",
                stream.toString(), "-f", "framemd5", "-pix_fmt", "yuv420p", md5.toString()), dir);
        List<String> md5s = new ArrayList<>();
        for (String line : Files.readAllLines(md5)) {
            if (!line.startsWith("#")) {
                String[] f = line.split(",");
                md5s.add(f[f.length - 1].trim());
            }
        }
        return md5s;
    }
}
