package dev.robusta.sctp;

/** Association-level events of an {@link SctpTransport}; called on the driver thread. */
public interface SctpTransportListener {
    /** The peer opened a channel (DCEP DATA_CHANNEL_OPEN). Set its listener here to miss no message. */
    default void onDataChannel(DataChannel channel) {
    }

    /** The association is established. */
    default void onConnected() {
    }

    /** The association ended; every channel is closed. */
    default void onClosed(String reason, boolean error) {
    }
}
