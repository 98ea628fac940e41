/**
 * SRTP and SRTCP (RFC 3711, RFC 7714) for DTLS-SRTP: {@link dev.robusta.dtls.srtp.SrtpSession} protects and
 * unprotects packets in place in the caller's buffer, for the four profiles of
 * {@link dev.robusta.dtls.srtp.SrtpProfile}, keyed by the {@link dev.robusta.dtls.srtp.SrtpKeys} a handshake
 * exports. Refusals are {@link dev.robusta.dtls.srtp.SrtpException}s with a reason, counted in
 * {@link dev.robusta.dtls.srtp.SrtpStats}. The packet path allocates nothing: ciphers are keyed once, AES counter
 * mode runs over AES/ECB keystream batches, HMAC-SHA1 over the JDK's SHA-1, GHASH over per-key tables.
 */
package dev.robusta.dtls.srtp;
