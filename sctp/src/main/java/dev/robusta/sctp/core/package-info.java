/**
 * The sans-IO SCTP association (RFC 9260 over DTLS per RFC 8261, RFC 3758, RFC 6525):
 * {@link dev.robusta.sctp.core.SctpAssociation} with its {@link dev.robusta.sctp.core.SctpEvent}s. Inside, the
 * sender (queues, outstanding chunks, congestion control, partial reliability), the receiver (TSN map,
 * reassembly, ordered delivery) and the signed state cookie. Single-threaded; no clocks, sockets or threads.
 */
package dev.robusta.sctp.core;
