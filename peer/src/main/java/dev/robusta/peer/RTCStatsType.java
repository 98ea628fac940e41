package dev.robusta.peer;

/** The kinds of stats objects a report holds, by their W3C webrtc-stats names ({@link #jsonName()}). */
public enum RTCStatsType {
    PEER_CONNECTION("peer-connection"),
    TRANSPORT("transport"),
    CANDIDATE_PAIR("candidate-pair"),
    LOCAL_CANDIDATE("local-candidate"),
    REMOTE_CANDIDATE("remote-candidate"),
    CERTIFICATE("certificate"),
    DATA_CHANNEL("data-channel");

    private final String jsonName;

    RTCStatsType(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name W3C webrtc-stats gives this type, e.g. {@code candidate-pair}. */
    public String jsonName() {
        return jsonName;
    }
}
