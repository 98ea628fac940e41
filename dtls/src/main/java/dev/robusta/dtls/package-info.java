/**
 * DTLS 1.2 over a datagram transport supplied by the layer above, the DTLS-SRTP keying it exports (RFC 5764), and
 * SRTP/SRTCP protection (RFC 3711, RFC 7714). This module knows nothing of ICE: it takes and gives datagrams.
 */
package dev.robusta.dtls;
