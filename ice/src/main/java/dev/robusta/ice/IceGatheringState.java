package dev.robusta.ice;

/** The gathering state, named as W3C's RTCIceGathererState. */
public enum IceGatheringState {
    NEW,
    GATHERING,
    COMPLETE
}
