package dev.robusta.signaling.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON text exactly as Python 2.7's {@code json.dumps} writes it for a value {@code json.loads} read: {@code ", "}
 * and {@code ": "} separators, {@code ensure_ascii} escapes, Python float repr, and object keys in the iteration
 * order of a CPython 2.7 dict built by inserting them in document order (string hash without randomisation,
 * open addressing with perturbation, resizes at 2/3 fill). The notify reference server's output is byte-exact with
 * this, which is how its interop vectors are checked.
 */
public final class PyJson {
    private PyJson() {}

    /** Serialises a parsed value. */
    public static String dumps(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb);
        return sb.toString();
    }

    /** Serialises an object given as ordered (insertion order) entries, e.g. a dict literal of the server's code. */
    public static String dumpsObject(List<Map.Entry<String, JsonNode>> entries) {
        StringBuilder sb = new StringBuilder();
        writeObject(entries, sb);
        return sb.toString();
    }

    private static void write(JsonNode node, StringBuilder sb) {
        switch (node.getNodeType()) {
            case NULL, MISSING -> sb.append("null");
            case BOOLEAN -> sb.append(node.booleanValue() ? "true" : "false");
            case STRING -> string(node.textValue(), sb);
            case NUMBER -> number(node, sb);
            case ARRAY -> {
                sb.append('[');
                boolean first = true;
                for (JsonNode e : node) {
                    if (!first) {
                        sb.append(", ");
                    }
                    first = false;
                    write(e, sb);
                }
                sb.append(']');
            }
            case OBJECT -> {
                List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    entries.add(it.next());
                }
                writeObject(entries, sb);
            }
            default -> sb.append("null");
        }
    }

    private static void writeObject(List<Map.Entry<String, JsonNode>> entries, StringBuilder sb) {
        List<String> keys = new ArrayList<>(entries.size());
        for (Map.Entry<String, JsonNode> e : entries) {
            keys.add(e.getKey());
        }
        int[] order = dictOrder(keys);
        sb.append('{');
        for (int i = 0; i < order.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            Map.Entry<String, JsonNode> e = entries.get(order[i]);
            string(e.getKey(), sb);
            sb.append(": ");
            write(e.getValue(), sb);
        }
        sb.append('}');
    }

    /** Python 2 {@code float.__repr__} for floats, {@code str} for integers. */
    private static void number(JsonNode node, StringBuilder sb) {
        if (node.isIntegralNumber()) {
            sb.append(node.bigIntegerValue().toString());
            return;
        }
        double d = node.isBigDecimal() ? node.decimalValue().doubleValue() : node.doubleValue();
        sb.append(floatRepr(d));
    }

    /** CPython's {@code repr(float)} ('r' format, shortest round-trip digits). */
    public static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int decpt = digits.length() - bd.scale(); // value = 0.DIGITS x 10^decpt
        StringBuilder sb = new StringBuilder(d < 0 ? "-" : "");
        if (decpt <= -4 || decpt > 16) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            int exp = decpt - 1;
            sb.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            if (a < 10) {
                sb.append('0');
            }
            sb.append(a);
        } else if (decpt <= 0) {
            sb.append("0.").append("0".repeat(-decpt)).append(digits);
        } else if (decpt < digits.length()) {
            sb.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
        } else {
            sb.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
        }
        return sb.toString();
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** CPython 2.7's hash of a (unicode) string, 64-bit, hash randomisation off. */
    static long hash(String s) {
        int[] cps = s.codePoints().toArray();
        if (cps.length == 0) {
            return 0;
        }
        long x = ((long) cps[0]) << 7;
        for (int c : cps) {
            x = (1000003L * x) ^ c;
        }
        x ^= cps.length;
        return x == -1 ? -2 : x;
    }

    /**
     * The iteration order of a CPython 2.7 dict into which these keys were inserted in order (a repeated key keeps
     * its first slot and takes the last value). Returns, for each position of the iteration, the index in
     * {@code keys} of the entry whose value it carries.
     */
    static int[] dictOrder(List<String> keys) {
        int mask = 7;
        String[] slotKey = new String[8];
        long[] slotHash = new long[8];
        int[] slotEntry = new int[8];
        int fill = 0;
        int used = 0;
        for (int k = 0; k < keys.size(); k++) {
            String key = keys.get(k);
            long h = hash(key);
            int slot = lookup(slotKey, slotHash, mask, key, h);
            if (slotKey[slot] != null) {
                slotEntry[slot] = k; // same key: the value is replaced in place
                continue;
            }
            slotKey[slot] = key;
            slotHash[slot] = h;
            slotEntry[slot] = k;
            fill++;
            used++;
            if (fill * 3 >= (mask + 1) * 2) {
                int minUsed = (used > 50000 ? 2 : 4) * used;
                int newSize = 8;
                while (newSize <= minUsed) {
                    newSize <<= 1;
                }
                String[] nk = new String[newSize];
                long[] nh = new long[newSize];
                int[] ne = new int[newSize];
                int nmask = newSize - 1;
                for (int i = 0; i <= mask; i++) {
                    if (slotKey[i] != null) {
                        int s = lookup(nk, nh, nmask, slotKey[i], slotHash[i]);
                        nk[s] = slotKey[i];
                        nh[s] = slotHash[i];
                        ne[s] = slotEntry[i];
                    }
                }
                slotKey = nk;
                slotHash = nh;
                slotEntry = ne;
                mask = nmask;
                fill = used;
            }
        }
        int[] order = new int[used];
        int n = 0;
        for (int i = 0; i <= mask; i++) {
            if (slotKey[i] != null) {
                order[n++] = slotEntry[i];
            }
        }
        return order;
    }

    private static int lookup(String[] slotKey, long[] slotHash, int mask, String key, long h) {
        long i = h & mask;
        int slot = (int) i;
        if (slotKey[slot] == null || (slotHash[slot] == h && slotKey[slot].equals(key))) {
            return slot;
        }
        for (long perturb = h; ; perturb >>>= 5) {
            i = (i << 2) + i + perturb + 1;
            slot = (int) (i & mask);
            if (slotKey[slot] == null || (slotHash[slot] == h && slotKey[slot].equals(key))) {
                return slot;
            }
        }
    }
}
