package dev.robusta.sctp;

/**
 * What a {@link DataChannel} reports (the W3C events open, message, bufferedamountlow, closing, close, error).
 * Every method is called on the connection's driver thread, one at a time: do not block in them; hand heavy work
 * to another executor. Calling the channel's methods from here is fine.
 */
public interface DataChannelListener {
    default void onOpen(DataChannel channel) {
    }

    default void onMessage(DataChannel channel, DataChannelMessage message) {
    }

    /** bufferedAmount fell to or below bufferedAmountLowThreshold. */
    default void onBufferedAmountLow(DataChannel channel) {
    }

    /** The channel started closing (locally or because the peer reset its stream). */
    default void onClosing(DataChannel channel) {
    }

    default void onClose(DataChannel channel) {
    }

    default void onError(DataChannel channel, SctpException error) {
    }
}
