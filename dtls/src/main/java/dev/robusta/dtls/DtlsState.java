package dev.robusta.dtls;

/** The W3C RTCDtlsTransportState values. */
public enum DtlsState {
    NEW, CONNECTING, CONNECTED, CLOSED, FAILED
}
