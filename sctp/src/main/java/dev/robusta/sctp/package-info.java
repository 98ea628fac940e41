/**
 * WebRTC data channels over SCTP (RFC 8831, DCEP per RFC 8832), shaped like the browser's {@code RTCDataChannel}:
 * {@link dev.robusta.sctp.SctpTransport} (one per peer connection, sans-IO: packets and time in, packets out)
 * creates and announces {@link dev.robusta.sctp.DataChannel}s. The transport is driven by one thread; channels may
 * be used from any thread (see {@link dev.robusta.sctp.SctpTransport} for the contract).
 */
package dev.robusta.sctp;
