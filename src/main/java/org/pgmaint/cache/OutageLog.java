package org.pgmaint.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs an outage once when it starts and once when it ends, not at every failed attempt. */
public final class OutageLog {
    private static final Logger log = LoggerFactory.getLogger(OutageLog.class);

    private record Outage(Instant since, int attempts) {
    }

    private final Map<String, Outage> current = new HashMap<>();

    /** A failed attempt to reach a service (Redis, PostgreSQL); logged only when it starts an outage. */
    public void failed(String service, String reason) {
        Outage outage = current.get(service);
        if (outage == null) {
            log.warn("{} unavailable: {}; retrying with backoff, no event is marked processed meanwhile", service, reason);
            current.put(service, new Outage(Instant.now(), 1));
        } else {
            current.put(service, new Outage(outage.since(), outage.attempts() + 1));
        }
    }

    /** The service answered; logs the end of its outage if there was one. */
    public void recovered(String service) {
        Outage outage = current.remove(service);
        if (outage != null) {
            log.info("{} available again after {} s ({} failed attempts)", service,
                    Duration.between(outage.since(), Instant.now()).toMillis() / 1000.0, outage.attempts());
        }
    }

    /** How long the service has been unavailable (zero when it is not). */
    public Duration downFor(String service) {
        Outage outage = current.get(service);
        return outage == null ? Duration.ZERO : Duration.between(outage.since(), Instant.now());
    }

    public boolean isDown(String service) {
        return current.containsKey(service);
    }
}
