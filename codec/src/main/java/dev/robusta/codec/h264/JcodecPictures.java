package dev.robusta.codec.h264;

import dev.robusta.codec.video.I420Frame;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;

/**
 * Between our frames and JCodec's pictures. JCodec's YUV420J planes keep each sample as value - 128 in a signed
 * byte; ours are unsigned bytes: flipping the top bit converts either way.
 */
public final class JcodecPictures {
    private JcodecPictures() {
    }

    /** A new JCodec picture with {@code frame}'s samples, for JCodec's own encoder (comparisons, benchmarks). */
    public static Picture fromI420(I420Frame frame) {
        Picture p = Picture.create(frame.width(), frame.height(), ColorSpace.YUV420J);
        copySigned(frame.y(), frame.yOffset(), frame.yStride(), p.getPlaneData(0), 0, p.getPlaneWidth(0),
                frame.width(), frame.height());
        copySigned(frame.u(), frame.uOffset(), frame.uStride(), p.getPlaneData(1), 0, p.getPlaneWidth(1),
                frame.chromaWidth(), frame.chromaHeight());
        copySigned(frame.v(), frame.vOffset(), frame.vStride(), p.getPlaneData(2), 0, p.getPlaneWidth(2),
                frame.chromaWidth(), frame.chromaHeight());
        return p;
    }

    /** Copies a {@code w} x {@code h} region of one plane, flipping each sample's top bit. */
    static void copySigned(byte[] src, int srcOff, int srcStride, byte[] dst, int dstOff, int dstStride,
                           int w, int h) {
        for (int row = 0; row < h; row++) {
            int s = srcOff + row * srcStride;
            int d = dstOff + row * dstStride;
            for (int i = 0; i < w; i++) {
                dst[d + i] = (byte) (src[s + i] ^ 0x80);
            }
        }
    }
}
