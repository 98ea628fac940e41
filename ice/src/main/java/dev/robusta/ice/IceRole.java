package dev.robusta.ice;

/** The ICE role (RFC 8445 section 6.1.1): the controlling agent nominates the pair. */
public enum IceRole {
    CONTROLLING,
    CONTROLLED;

    public IceRole opposite() {
        return this == CONTROLLING ? CONTROLLED : CONTROLLING;
    }
}
