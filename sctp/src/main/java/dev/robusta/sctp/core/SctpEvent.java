package dev.robusta.sctp.core;

/** What an association tells its driver, drained with {@link SctpAssociation#pollEvent()}. */
public sealed interface SctpEvent {
    /** The association is established (COOKIE-ECHO/COOKIE-ACK done): data may flow. */
    record Connected() implements SctpEvent {}

    /**
     * A complete user message, in delivery order for its stream.
     *
     * @param data the message, owned by the receiver of this event (the one copy made from the packets)
     */
    record Message(int stream, int ppid, byte[] data, boolean unordered) implements SctpEvent {}

    /** The peer reset these outgoing streams of its own (our incoming ones, RFC 6525): their SSNs restart at 0. */
    record IncomingStreamsReset(int[] streams) implements SctpEvent {}

    /** Our reset of these outgoing streams completed: the peer acknowledged it, and the ids may be reused. */
    record OutgoingStreamsReset(int[] streams) implements SctpEvent {}

    /**
     * The association ended: gracefully (SHUTDOWN), by ABORT from either side, or by failure (retransmission
     * limits, a protocol violation).
     *
     * @param error false only for a graceful shutdown
     */
    record Closed(String reason, boolean error) implements SctpEvent {}
}
