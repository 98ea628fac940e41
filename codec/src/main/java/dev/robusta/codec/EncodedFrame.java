package dev.robusta.codec;

import java.util.Arrays;

/**
 * A reusable holder of one compressed video frame: the bytes are {@code data()[0 .. length())}. Encoders write into
 * it and grow its buffer when needed, so a steady stream allocates nothing per frame.
 */
public final class EncodedFrame {
    private byte[] data;
    private int length;
    private boolean keyFrame;
    private int temporalLayer;
    private boolean layerSync;

    public EncodedFrame() {
        this(64 * 1024);
    }

    public EncodedFrame(int initialCapacityBytes) {
        data = new byte[Math.max(16, initialCapacityBytes)];
    }

    /** The buffer; valid bytes are {@code [0, length())}. */
    public byte[] data() {
        return data;
    }

    public int length() {
        return length;
    }

    public boolean isKeyFrame() {
        return keyFrame;
    }

    /** The temporal layer of this frame (0 = base) when the encoder runs temporal layers, else 0. */
    public int temporalLayer() {
        return temporalLayer;
    }

    /**
     * Whether this frame predicts only from temporal layer 0 frames (a key frame always does): RFC 7741's layer
     * sync bit, telling a receiver it can switch up to this frame's layer here.
     */
    public boolean isLayerSync() {
        return layerSync;
    }

    /** A copy of the valid bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOf(data, length);
    }

    /** Makes the buffer at least {@code capacityBytes} long, keeping the first {@code length()} bytes. */
    public byte[] ensureCapacity(int capacityBytes) {
        if (data.length < capacityBytes) {
            data = Arrays.copyOf(data, Math.max(capacityBytes, data.length * 2));
        }
        return data;
    }

    /** Records what an encoder without temporal layers wrote. */
    public void set(int lengthBytes, boolean isKeyFrame, int layer) {
        set(lengthBytes, isKeyFrame, layer, isKeyFrame || layer == 0);
    }

    /** Records what an encoder wrote, with the frame's temporal layer and whether it is a layer sync frame. */
    public void set(int lengthBytes, boolean isKeyFrame, int layer, boolean isLayerSync) {
        if (lengthBytes < 0 || lengthBytes > data.length) {
            throw new IllegalArgumentException("length " + lengthBytes + " outside the buffer of " + data.length);
        }
        this.length = lengthBytes;
        this.keyFrame = isKeyFrame;
        this.temporalLayer = layer;
        this.layerSync = isLayerSync;
    }
}
