package org.pgmaint.fleet;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * {@code --shard I/N}: the I-th of N stable partitions of a fleet's targets, by a hash of the target's name (CRC-32
 * of its UTF-8 bytes, modulo N), so N schedulers (systemd template instances, Kubernetes CronJobs) cover a fleet
 * with no coordination: the same name always lands in the same shard, whatever the other targets are.
 */
public record Shard(int index, int count) {
    public static final int MAX_COUNT = 1000;

    public Shard {
        if (count < 1 || count > MAX_COUNT || index < 1 || index > count) {
            throw new IllegalArgumentException("should be I/N with 1 <= I <= N <= " + MAX_COUNT + ", e.g. 2/4");
        }
    }

    /** Parses {@code I/N}; IllegalArgumentException saying what is valid. */
    public static Shard parse(String text) {
        String[] parts = text.strip().split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + text + "' should be I/N with 1 <= I <= N <= " + MAX_COUNT + ", e.g. 2/4");
        }
        try {
            return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' should be I/N with 1 <= I <= N <= " + MAX_COUNT + ", e.g. 2/4");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' " + e.getMessage());
        }
    }

    /** The shard (1 to count) of a target name. */
    public static int of(String name, int count) {
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % count) + 1;
    }

    public boolean holds(String name) {
        return of(name, count) == index;
    }
}
