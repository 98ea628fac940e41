package dev.robusta.ice.stun;

/** The ERROR-CODE attribute (RFC 8489 section 14.8) and the codes ICE and TURN use. */
public record ErrorCode(int code, String reason) {
    public static final int TRY_ALTERNATE = 300;
    public static final int BAD_REQUEST = 400;
    public static final int UNAUTHENTICATED = 401;
    public static final int FORBIDDEN = 403;
    public static final int MOBILITY_FORBIDDEN = 405;
    public static final int UNKNOWN_ATTRIBUTE = 420;
    public static final int ALLOCATION_MISMATCH = 437;
    public static final int STALE_NONCE = 438;
    public static final int ADDRESS_FAMILY_NOT_SUPPORTED = 440;
    public static final int WRONG_CREDENTIALS = 441;
    public static final int UNSUPPORTED_TRANSPORT_PROTOCOL = 442;
    public static final int PEER_ADDRESS_FAMILY_MISMATCH = 443;
    public static final int ALLOCATION_QUOTA_REACHED = 486;
    public static final int ROLE_CONFLICT = 487;
    public static final int SERVER_ERROR = 500;
    public static final int INSUFFICIENT_CAPACITY = 508;

    public ErrorCode {
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("STUN error code must be 300..699: " + code);
        }
        if (reason == null) {
            reason = "";
        }
    }

    /** The RFCs' reason phrase for a code, or a generic one. */
    public static ErrorCode of(int code) {
        return new ErrorCode(code, defaultReason(code));
    }

    public static String defaultReason(int code) {
        switch (code) {
            case TRY_ALTERNATE: return "Try Alternate";
            case BAD_REQUEST: return "Bad Request";
            case UNAUTHENTICATED: return "Unauthenticated";
            case FORBIDDEN: return "Forbidden";
            case MOBILITY_FORBIDDEN: return "Mobility Forbidden";
            case UNKNOWN_ATTRIBUTE: return "Unknown Attribute";
            case ALLOCATION_MISMATCH: return "Allocation Mismatch";
            case STALE_NONCE: return "Stale Nonce";
            case ADDRESS_FAMILY_NOT_SUPPORTED: return "Address Family not Supported";
            case WRONG_CREDENTIALS: return "Wrong Credentials";
            case UNSUPPORTED_TRANSPORT_PROTOCOL: return "Unsupported Transport Protocol";
            case PEER_ADDRESS_FAMILY_MISMATCH: return "Peer Address Family Mismatch";
            case ALLOCATION_QUOTA_REACHED: return "Allocation Quota Reached";
            case ROLE_CONFLICT: return "Role Conflict";
            case SERVER_ERROR: return "Server Error";
            case INSUFFICIENT_CAPACITY: return "Insufficient Capacity";
            default: return "Error";
        }
    }

    @Override
    public String toString() {
        return code + " " + reason;
    }
}
