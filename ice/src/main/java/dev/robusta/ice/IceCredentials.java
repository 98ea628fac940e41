package dev.robusta.ice;

import java.security.SecureRandom;
import java.util.Random;

/**
 * The ICE username fragment and password of one agent (RFC 8445 section 5.3, RFC 8839 section 5.4): at least 4
 * and 22 ice-chars, at most 256.
 */
public record IceCredentials(String ufrag, String password) {
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final SecureRandom SECURE_RANDOM = new SecureRandom();

    public IceCredentials {
        check("ufrag", ufrag, 4);
        check("password", password, 22);
    }

    /** Fresh random credentials (8-char ufrag, 24-char password). */
    public static IceCredentials random() {
        return random(SECURE_RANDOM);
    }

    public static IceCredentials random(Random random) {
        return new IceCredentials(randomIceChars(random, 8), randomIceChars(random, 24));
    }

    private static String randomIceChars(Random random, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = ICE_CHARS.charAt(random.nextInt(ICE_CHARS.length()));
        }
        return new String(c);
    }

    private static void check(String what, String value, int min) {
        if (value == null || value.length() < min || value.length() > 256) {
            throw new IllegalArgumentException("ICE " + what + " must have " + min + " to 256 characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (ICE_CHARS.indexOf(value.charAt(i)) < 0) {
                throw new IllegalArgumentException("ICE " + what + " has a character outside ice-char: '"
                        + value.charAt(i) + "'");
            }
        }
    }

    /** The password is never printed. */
    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + ", password=<redacted>]";
    }
}
