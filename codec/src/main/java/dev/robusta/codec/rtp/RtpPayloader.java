package dev.robusta.codec.rtp;

/**
 * Cuts one frame into RTP payloads. After a format-specific {@code setFrame}, call {@link #next} while
 * {@link #hasNext()}; each call writes one payload of at most {@link #maxPayloadBytes()} bytes into the caller's
 * buffer (the RTP header goes in front of it) and {@link #marker()} says whether it ends the frame. The frame's
 * bytes are borrowed until the last payload is written.
 */
public interface RtpPayloader {
    int maxPayloadBytes();

    boolean hasNext();

    /**
     * Writes the next payload at {@code off}.
     *
     * @return its length
     * @throws IllegalStateException if there is no next payload
     * @throws IndexOutOfBoundsException if {@code out} has less than {@link #maxPayloadBytes()} bytes from {@code off}
     */
    int next(byte[] out, int off);

    /** True if the payload {@link #next} last wrote is the frame's last (the RTP marker bit for video). */
    boolean marker();
}
