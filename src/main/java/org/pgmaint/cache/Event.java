package org.pgmaint.cache;

/** One pending cache invalidation event: its id and the Redis key (or pattern) to delete. */
public record Event(long id, String key) {
}
