package dev.robusta.rtp;

import java.util.HexFormat;

/** Hex fixtures for tests; spaces and newlines are ignored. */
public final class Hex {
    private Hex() {}

    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
    }

    public static String of(byte[] b, int off, int len) {
        return HexFormat.of().formatHex(b, off, off + len);
    }
}
