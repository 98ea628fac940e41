package dev.robusta.dtls.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SsrcMapTest {
    @Test
    void behavesLikeAHashMapUnderRandomPutsAndRemoves() {
        Random random = new Random(77);
        SsrcMap<Integer> map = new SsrcMap<>(40);
        Map<Integer, Integer> reference = new HashMap<>();
        for (int n = 0; n < 200_000; n++) {
            int key = random.nextInt(64) * 0x1000_0001; // a few keys that collide in small tables
            switch (random.nextInt(3)) {
                case 0 -> {
                    if (reference.containsKey(key) || reference.size() < 40) {
                        map.put(key, n);
                        reference.put(key, n);
                    }
                }
                case 1 -> assertEquals(reference.remove(key), map.remove(key));
                default -> assertEquals(reference.get(key), map.get(key));
            }
            assertEquals(reference.size(), map.size());
        }
    }
}
