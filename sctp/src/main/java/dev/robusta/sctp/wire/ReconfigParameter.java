package dev.robusta.sctp.wire;

/** A parameter of a RE-CONFIG chunk (RFC 6525 section 4). */
public sealed interface ReconfigParameter permits OutgoingSsnResetRequestParameter, IncomingSsnResetRequestParameter,
        ReconfigurationResponseParameter, UnsupportedReconfigRequestParameter {
}
