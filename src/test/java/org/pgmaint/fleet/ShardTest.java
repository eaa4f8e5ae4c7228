package org.pgmaint.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardTest {
    @Test
    void everyTargetIsInExactlyOneShardAndTheShardsAreRoughlyEven() {
        List<String> names = IntStream.range(0, 1000).mapToObj(i -> "db-" + i).toList();
        int[] sizes = new int[4];
        for (String name : names) {
            List<Integer> holding = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                if (new Shard(i, 4).holds(name)) {
                    holding.add(i);
                }
            }
            assertEquals(1, holding.size(), name);
            sizes[holding.get(0) - 1]++;
        }
        for (int size : sizes) {
            assertTrue(size > 200 && size < 300, java.util.Arrays.toString(sizes));
        }
    }

    @Test
    void theShardOfANameIsStable() {
        // CRC-32 of "prod-eu-1" is fixed; so is its shard, on every host and in every release
        assertEquals(Shard.of("prod-eu-1", 7), Shard.of("prod-eu-1", 7));
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("prod-eu-1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals((int) (crc.getValue() % 7) + 1, Shard.of("prod-eu-1", 7));
        assertEquals(1, Shard.of("anything", 1));
    }

    @Test
    void badShardsAreRefusedSayingWhatIsValid() {
        assertEquals(new Shard(2, 4), Shard.parse("2/4"));
        for (String bad : List.of("0/4", "5/4", "2", "a/b", "1/0", "1/1001", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad), bad);
            assertTrue(e.getMessage().contains("I/N"), e.getMessage());
        }
    }
}
