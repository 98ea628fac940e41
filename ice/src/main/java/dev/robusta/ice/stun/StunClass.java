package dev.robusta.ice.stun;

/** The class of a STUN message, encoded in bits C1 and C0 of the message type (RFC 8489 section 5). */
public enum StunClass {
    REQUEST(0b00),
    INDICATION(0b01),
    SUCCESS_RESPONSE(0b10),
    ERROR_RESPONSE(0b11);

    private final int bits;

    StunClass(int bits) {
        this.bits = bits;
    }

    public boolean isResponse() {
        return this == SUCCESS_RESPONSE || this == ERROR_RESPONSE;
    }

    /** The 14-bit message type for this class and a 12-bit method: M11..M7 C1 M6..M4 C0 M3..M0. */
    public int messageType(int method) {
        return ((method & 0xF80) << 2) | ((bits & 0b10) << 7) | ((method & 0x070) << 1) | ((bits & 0b01) << 4)
                | (method & 0x00F);
    }

    public static StunClass ofType(int messageType) {
        int bits = ((messageType >> 7) & 0b10) | ((messageType >> 4) & 0b01);
        return values()[bits];
    }

    public static int methodOfType(int messageType) {
        return ((messageType >> 2) & 0xF80) | ((messageType >> 1) & 0x070) | (messageType & 0x00F);
    }
}
