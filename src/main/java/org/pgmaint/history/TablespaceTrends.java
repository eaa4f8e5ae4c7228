package org.pgmaint.history;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The TablespaceTrend rows: a tablespace's size now, its growth per day from the recorded runs, what it may still
 * fill (the configured {@code capacity.<tablespace>}, else its filesystem's free space when the server is on this
 * host), and the days until it is full at the faster of its 7- and 30-day rates.
 */
public final class TablespaceTrends {
    private TablespaceTrends() {
    }

    /**
     * A tablespace now (the collector's query).
     *
     * @param bytes    pg_tablespace_size, null when this role may not measure it
     * @param location where its files are: data_directory for pg_default (null when this role may not read it),
     *                 else pg_tablespace_location
     * @param local    the server is on this host (a Unix-domain socket or loopback connection)
     */
    public record Now(String name, Long bytes, String location, boolean local) {
    }

    /** What the tablespace may fill: both null with the reason when unknown. */
    public record Capacity(Long capacityBytes, Long freeBytes, String source, String unknown) {
        static Capacity unknown(String why) {
            return new Capacity(null, null, null, why);
        }
    }

    /** The configured capacity, else the filesystem's free space when it may be read here, else why it is unknown. */
    public static Capacity capacity(Now now, Map<String, Long> configured) {
        Long set = configured.get(now.name());
        String key = "capacity." + now.name();
        if (set != null) {
            return now.bytes() == null ? new Capacity(set, null, "config", "the size now is not readable")
                    : new Capacity(set, set - now.bytes(), "config", null);
        }
        if (!now.local()) {
            return Capacity.unknown("capacity unknown: set " + key + " (the server is not on this host, so its"
                    + " filesystem's free space cannot be read)");
        }
        if (now.location() == null || now.location().isEmpty()) {
            return Capacity.unknown("capacity unknown: set " + key + ", or connect as a role that may read"
                    + " data_directory (superuser or pg_read_all_settings)");
        }
        try {
            Path path = Path.of(now.location());
            if (!Files.isDirectory(path)) {
                return Capacity.unknown("capacity unknown: set " + key + " (" + now.location() + " is no folder on this"
                        + " host: the server's files are elsewhere)");
            }
            FileStore store = Files.getFileStore(path);
            return new Capacity(store.getTotalSpace(), store.getUsableSpace(), "filesystem", null);
        } catch (IOException | InvalidPathException | SecurityException e) {
            return Capacity.unknown("capacity unknown: set " + key + " (the filesystem of " + now.location()
                    + " cannot be read here: " + e.getMessage() + ")");
        }
    }

    /** The fact row at {@code at}, from this tablespace's points (oldest first) of about the last 30 days. */
    public static Map<String, Object> row(Now now, Capacity capacity, List<HistoryStore.TablespacePoint> points, Instant at) {
        Optional<Rates.Rate> week = Optional.empty();
        Optional<Rates.Rate> month = Optional.empty();
        if (now.bytes() != null) {
            week = Rates.growth(points, HistoryStore.TablespacePoint::at, p -> p.bytes(), now.bytes(), at, Duration.ofDays(7));
            month = Rates.growth(points, HistoryStore.TablespacePoint::at, p -> p.bytes(), now.bytes(), at, Duration.ofDays(30));
        }
        // the faster: a recent slowdown does not hide a month's growth, nor a month's average a week's burst
        Optional<Rates.Rate> used = week.isEmpty() ? month
                : month.isEmpty() || week.get().perDay() >= month.get().perDay() ? week : month;
        Double days = null;
        String why = null;
        if (now.bytes() == null) {
            why = "size not readable: pg_tablespace_size needs CREATE on the tablespace or pg_read_all_stats";
        } else if (used.isEmpty()) {
            why = "no growth rate yet: no run recorded about 7 or 30 days ago (within a day)";
        } else if (used.get().perDay() <= 0) {
            why = "not growing";
        } else if (capacity.freeBytes() == null) {
            why = capacity.unknown();
        } else {
            days = Math.max(0, Math.round(capacity.freeBytes() / used.get().perDay() * 10) / 10.0);
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("tablespace", now.name());
        row.put("location", now.location());
        row.put("bytes", now.bytes());
        row.put("bytes_per_day_7d", week.map(Rates.Rate::perDay).orElse(null));
        row.put("bytes_per_day_30d", month.map(Rates.Rate::perDay).orElse(null));
        row.put("bytes_per_day", used.map(Rates.Rate::perDay).orElse(null));
        row.put("over_days", used.map(r -> Math.round(r.overDays() * 10) / 10.0).orElse(null));
        row.put("capacity_bytes", capacity.capacityBytes());
        row.put("free_bytes", capacity.freeBytes());
        row.put("capacity_source", capacity.source());
        row.put("days_until_full", days);
        row.put("full_date", days == null ? null : HistoryCollector.offset(at.plusSeconds((long) (days * 86_400))));
        row.put("no_forecast", why);
        return row;
    }
}
