package dev.robusta.signaling.server;

/** What a {@link ServerCore} asks the driver to do. */
public sealed interface ServerOutput {
    /** WebSocket close code meaning "send a close frame with an empty payload" (clients then report 1005). */
    int NO_STATUS = -1;

    /** Send one text message to a connection. */
    record Send(long connectionId, String text) implements ServerOutput {}

    /** Close a connection with a close frame ({@code code} {@link #NO_STATUS} for an empty one). */
    record Close(long connectionId, int code, String reason) implements ServerOutput {}
}
