package dev.robusta.ice.stun;

/** STUN methods: Binding (RFC 8489) and the TURN methods (RFC 8656 section 17). */
public final class StunMethod {
    private StunMethod() {}

    public static final int BINDING = 0x001;
    public static final int ALLOCATE = 0x003;
    public static final int REFRESH = 0x004;
    public static final int SEND = 0x006;
    public static final int DATA = 0x007;
    public static final int CREATE_PERMISSION = 0x008;
    public static final int CHANNEL_BIND = 0x009;

    public static String name(int method) {
        switch (method) {
            case BINDING: return "Binding";
            case ALLOCATE: return "Allocate";
            case REFRESH: return "Refresh";
            case SEND: return "Send";
            case DATA: return "Data";
            case CREATE_PERMISSION: return "CreatePermission";
            case CHANNEL_BIND: return "ChannelBind";
            default: return String.format("0x%03X", method);
        }
    }
}
