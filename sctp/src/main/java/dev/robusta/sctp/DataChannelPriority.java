package dev.robusta.sctp;

/** Channel priority (W3C RTCPriorityType) and the value DCEP carries for it (RFC 8831 6.4). */
public enum DataChannelPriority {
    VERY_LOW(128), LOW(256), MEDIUM(512), HIGH(1024);

    private final int dcepValue;

    DataChannelPriority(int dcepValue) {
        this.dcepValue = dcepValue;
    }

    public int dcepValue() {
        return dcepValue;
    }

    /** The priority a received DCEP value falls into (values between the named ones round down). */
    public static DataChannelPriority fromDcep(int value) {
        if (value >= 1024) {
            return HIGH;
        }
        if (value >= 512) {
            return MEDIUM;
        }
        return value >= 256 ? LOW : VERY_LOW;
    }
}
