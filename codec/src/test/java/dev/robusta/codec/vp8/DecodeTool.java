package dev.robusta.codec.vp8;

import dev.robusta.codec.video.I420Frame;
import dev.robusta.codec.video.IvfReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Decodes an IVF file with {@link Vp8Decoder} and lists the MD5 of each shown frame's packed I420 pixels. */
final class DecodeTool {
    private DecodeTool() {
    }

    static List<String> frameMd5s(Path ivf) throws Exception {
        List<String> out = new ArrayList<>();
        try (IvfReader reader = new IvfReader(new BufferedInputStream(Files.newInputStream(ivf)));
             Vp8Decoder decoder = new Vp8Decoder()) {
            I420Frame frame = I420Frame.allocate(16, 16);
            byte[] packed = new byte[0];
            while (reader.next()) {
                if (decoder.decode(reader.frameData(), 0, reader.frameLength(), frame)) {
                    if (packed.length != frame.sizeBytes()) {
                        packed = new byte[frame.sizeBytes()];
                    }
                    frame.writePacked(packed, 0);
                    out.add(md5(packed));
                }
            }
        }
        return out;
    }

    static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        for (String md5 : frameMd5s(Path.of(args[0]))) {
            System.out.println(md5);
        }
    }
}
