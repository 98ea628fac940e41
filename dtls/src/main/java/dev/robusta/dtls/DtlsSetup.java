package dev.robusta.dtls;

import java.util.Locale;

/**
 * The SDP {@code a=setup} attribute (RFC 4145, as RFC 8842 applies it to DTLS) and the role it leads to.
 * An offer says {@code actpass}; the answer picks {@code active} (it will be the DTLS client) or {@code passive}.
 */
public enum DtlsSetup {
    ACTIVE("active"),
    PASSIVE("passive"),
    ACTPASS("actpass");

    private final String sdpValue;

    DtlsSetup(String sdpValue) {
        this.sdpValue = sdpValue;
    }

    public String sdpValue() {
        return sdpValue;
    }

    /**
     * Parses an SDP setup value.
     *
     * @throws IllegalArgumentException for anything else, including {@code holdconn} which DTLS does not allow
     */
    public static DtlsSetup parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (DtlsSetup setup : values()) {
            if (setup.sdpValue.equals(v)) {
                return setup;
            }
        }
        throw new IllegalArgumentException("a=setup must be active, passive or actpass, got '" + value + "'");
    }

    /**
     * The setup an answerer writes in reply to this remote offer's setup. Like browsers, it takes the client
     * role when the offerer leaves the choice ({@code actpass}): that saves a round trip.
     *
     * @throws IllegalArgumentException if the offer's setup is not a valid offer value
     */
    public DtlsSetup answerTo() {
        return switch (this) {
            case ACTPASS, PASSIVE -> ACTIVE;
            case ACTIVE -> PASSIVE;
        };
    }

    /** The local role that follows from this side's own setup value in an answer, or an offer's answered value. */
    public DtlsRole localRoleWhenLocalIs() {
        return switch (this) {
            case ACTIVE -> DtlsRole.CLIENT;
            case PASSIVE -> DtlsRole.SERVER;
            case ACTPASS -> throw new IllegalStateException("actpass does not decide a role by itself");
        };
    }

    /**
     * The local role of the offerer, given the setup value in the remote answer.
     *
     * @throws IllegalArgumentException if the answer says {@code actpass}, which an answer must not (RFC 8842 5.2)
     */
    public static DtlsRole offererRole(DtlsSetup remoteAnswer) {
        return switch (remoteAnswer) {
            case ACTIVE -> DtlsRole.SERVER;
            case PASSIVE -> DtlsRole.CLIENT;
            case ACTPASS -> throw new IllegalArgumentException("an answer must not say a=setup:actpass");
        };
    }
}
