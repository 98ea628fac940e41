package dev.robusta.signaling.client;

/**
 * How a WebSocket connection ended.
 *
 * @param code the close code the server sent; 1005 for a close frame without one, 1006 when the connection ended
 *     without a close frame
 * @param reason the close reason, empty for none
 */
public record CloseStatus(int code, String reason) {
    public static final int NO_STATUS = 1005;
    public static final int ABNORMAL = 1006;
}
