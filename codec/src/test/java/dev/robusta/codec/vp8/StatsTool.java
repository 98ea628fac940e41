package dev.robusta.codec.vp8;

final class StatsTool {
    public static void main(String[] a) throws Exception {
        for (String f : a) {
            System.out.println(f + ": " + StreamStats.decode(java.nio.file.Path.of(f)));
        }
    }
}
