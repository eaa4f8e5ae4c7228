package org.pgmaint.cache;

/**
 * Redis answered but refused the login or the connection setup (WRONGPASS, NOAUTH, NOPERM, a database number it
 * does not have): a configuration problem that retrying does not heal, unlike an outage.
 */
public final class RedisRefusedException extends RuntimeException {
    public RedisRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
