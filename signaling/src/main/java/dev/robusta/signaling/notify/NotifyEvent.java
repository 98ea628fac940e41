package dev.robusta.signaling.notify;

import com.fasterxml.jackson.databind.JsonNode;

/** What a {@link NotifyClient} receives. */
public sealed interface NotifyEvent {
    /** {@code NOTIFY} from the other member (live or queued); {@code data} may be a JSON null. */
    record Notify(JsonNode data) implements NotifyEvent {}

    /** The connection ended (the server closes it with 1005 when the other member left). */
    record Closed(int code, String reason) implements NotifyEvent {}
}
