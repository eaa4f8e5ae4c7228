package org.pgmaint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The values a report can carry that JSON has no plain form for, and the layout of mixed lists. */
class JsonTest {

    @Test
    void valuesWithoutAPlainJsonForm() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nan", Double.NaN);
        m.put("infinite", Double.POSITIVE_INFINITY);
        m.put("exact", new BigDecimal("12345678901234567890.125"));
        m.put("large", new BigDecimal("1E+3"));
        m.put("at", Instant.parse("2026-11-24T03:00:00.123456Z"));
        m.put("server_time", OffsetDateTime.parse("2026-11-24T04:00:00.5+01:00"));
        m.put("took", Duration.ofMillis(1500));
        m.put("errors", List.of(Map.of("check", "long_queries"), "the database went away"));
        String json = Json.write(m);
        assertEquals("""
                {
                  "nan": null,
                  "infinite": null,
                  "exact": 12345678901234567890.125,
                  "large": 1000,
                  "at": "2026-11-24T03:00:00.123456Z",
                  "server_time": "2026-11-24T04:00:00.500+01:00",
                  "took": "PT1.5S",
                  "errors": [
                    {
                      "check": "long_queries"
                    },
                    "the database went away"
                  ]
                }
                """, json);
        // and it is JSON a strict parser takes
        new ObjectMapper().readTree(json);
    }
}
