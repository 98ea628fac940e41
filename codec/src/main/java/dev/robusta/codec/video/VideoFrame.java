package dev.robusta.codec.video;

/**
 * An uncompressed picture: {@link I420Frame} (planar YUV 4:2:0, what codecs take and give) or {@link Rgb24Frame}
 * (packed 8-bit R, G, B, what applications and vision models use). Both address their pixels through arrays,
 * offsets and strides, so a frame can wrap memory it does not own; both are mutable buffers meant to be reused
 * frame after frame.
 */
public sealed interface VideoFrame permits I420Frame, Rgb24Frame {

    /** Width in pixels. */
    int width();

    /** Height in pixels. */
    int height();
}
