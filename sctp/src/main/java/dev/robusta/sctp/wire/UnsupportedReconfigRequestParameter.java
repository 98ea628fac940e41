package dev.robusta.sctp.wire;

/**
 * A RE-CONFIG request this stack does not perform (SSN/TSN Reset, Add Outgoing/Incoming Streams, RFC 6525
 * sections 4.3, 4.5, 4.6): it is answered "Denied". Only its request sequence number is read.
 */
public record UnsupportedReconfigRequestParameter(int type, int requestSeq) implements ReconfigParameter {
}
