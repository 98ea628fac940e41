package dev.robusta.dtls;

/** Which side of the DTLS handshake this endpoint plays. */
public enum DtlsRole {
    /** Sends the ClientHello; SDP {@code a=setup:active}. */
    CLIENT,
    /** Waits for the ClientHello; SDP {@code a=setup:passive}. */
    SERVER
}
