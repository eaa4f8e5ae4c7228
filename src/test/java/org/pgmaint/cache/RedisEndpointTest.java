package org.pgmaint.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedisEndpointTest {

    @Test
    void plainUrlWithDefaults() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://cache.internal");
        assertEquals(new RedisEndpoint("cache.internal", 6379, null, null, 0, false), endpoint);
    }

    @Test
    void passwordDatabaseAndTls() {
        RedisEndpoint endpoint = RedisEndpoint.parse("rediss://:s%40cret@10.0.0.5:6380/3");
        assertEquals("10.0.0.5", endpoint.host());
        assertEquals(6380, endpoint.port());
        assertNull(endpoint.user());
        assertEquals("s@cret", endpoint.password());
        assertEquals(3, endpoint.database());
        assertTrue(endpoint.tls());
    }

    @Test
    void aclUserAndPassword() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://app:pw@host:7000/1");
        assertEquals("app", endpoint.user());
        assertEquals("pw", endpoint.password());
        assertFalse(endpoint.tls());
    }

    @Test
    void aPlusStaysAPlusAndEscapesAreDecoded() {
        assertEquals("p+w/d", RedisEndpoint.parse("redis://u:p+w%2Fd@host:6379/0").password());
    }

    @Test
    void passwordWithoutColonIsAPassword() {
        assertEquals("token", RedisEndpoint.parse("redis://token@host").password());
    }

    @Test
    void thePasswordIsNeverShown() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://:hunter2@host:6379/2");
        assertFalse(endpoint.toString().contains("hunter2"));
        assertFalse(endpoint.describe().contains("hunter2"));
        assertEquals("redis://host:6379/2", endpoint.describe());
    }

    @Test
    void badUrlsSayWhatAValidOneLooksLike() {
        for (String bad : new String[] {"http://host:6379", "host:6379", "redis://host/db", "redis:///0", "redis://host:6379/-1"}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> RedisEndpoint.parse(bad), bad);
            assertTrue(error.getMessage().contains("should look like redis://"), error.getMessage());
        }
    }

    @Test
    void onlyStarIsAWildcardInPatterns() {
        assertEquals("user:\\?:\\[a\\]:\\\\:*", RedisInvalidator.onlyStarIsWild("user:?:[a]:\\:*"));
    }
}
