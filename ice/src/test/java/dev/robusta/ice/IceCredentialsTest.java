package dev.robusta.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ICE ufrag and password (RFC 8445 section 5.3, RFC 8839 section 5.4): ice-chars, 4 and 22 to 256 of them. */
@Timeout(10)
class IceCredentialsTest {
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final String PASSWORD = "asd88fgpdd777uzjYhagZg"; // 22

    @Test
    void theLimitsAreAccepted() {
        new IceCredentials("abcd", PASSWORD);
        new IceCredentials("a".repeat(256), "p".repeat(256));
        new IceCredentials("+/+/", "+/" + PASSWORD.substring(2));
        new IceCredentials("EsAw", "P2uYro0UCOQ4zxjKXaWCBui1"); // as Chrome makes them
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "abc|asd88fgpdd777uzjYhagZg",                  // ufrag too short
        "abcd|asd88fgpdd777uzjYhag",                   // password 21
        "NULL|asd88fgpdd777uzjYhagZg",
        "abcd|NULL",
        "ab-d|asd88fgpdd777uzjYhagZg",                 // '-' is no ice-char
        "ab:d|asd88fgpdd777uzjYhagZg",                 // ':' would break USERNAME
        "ab d|asd88fgpdd777uzjYhagZg",
        "abcé|asd88fgpdd777uzjYhagZg",
        "abcd|asd88fgpdd777uzjYhagZ=",
        "abcd|asd88fgpdd777u\u0000zjYhagZg",          // a control character inside
    })
    void invalidOnesAreRefused(String ufrag, String password) {
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials(ufrag, password));
    }

    @Test
    void tooLongOnesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("a".repeat(257), PASSWORD));
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("abcd", "p".repeat(257)));
    }

    @Test
    void randomOnesAreValidAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            IceCredentials c = IceCredentials.random();
            assertEquals(8, c.ufrag().length());
            assertEquals(24, c.password().length());
            for (char ch : (c.ufrag() + c.password()).toCharArray()) {
                assertTrue(ICE_CHARS.indexOf(ch) >= 0, c.ufrag());
            }
            assertTrue(seen.add(c.ufrag() + c.password()));
            assertEquals(c, new IceCredentials(c.ufrag(), c.password()));
        }
        // Seeded ones repeat, for reproducible tests.
        assertEquals(IceCredentials.random(new Random(7)), IceCredentials.random(new Random(7)));
        assertNotEquals(IceCredentials.random(new Random(7)), IceCredentials.random(new Random(8)));
    }

    @Test
    void thePasswordIsNeverPrinted() {
        IceCredentials c = new IceCredentials("abcd", PASSWORD);
        assertFalse(c.toString().contains(PASSWORD));
        assertTrue(c.toString().contains("abcd"));
    }
}
