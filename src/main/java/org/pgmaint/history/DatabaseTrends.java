package org.pgmaint.history;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The DatabaseTrend row: the database's figures now and their rates per day from the recorded runs. */
public final class DatabaseTrends {
    private static final Duration SPAN = Duration.ofDays(30);

    private DatabaseTrends() {
    }

    /** The database's figures now (the collector's query). */
    public record Now(Instant statsReset, long bytes, long nextXid, long xidAge, long mxidAge, long freezeMaxAge,
                      long multixactFreezeMaxAge) {
    }

    /** The fact row at {@code at}, from the target's runs (oldest first) of about the last 30 days. */
    public static Map<String, Object> row(Now now, List<HistoryStore.RunPoint> runs, Instant at) {
        Optional<Rates.Rate> xid = Rates.counterRate(runs, HistoryStore.RunPoint::nextXid, now.nextXid(), at, SPAN);
        Optional<Rates.Rate> mxid = Rates.ageRate(runs, HistoryStore.RunPoint::mxidAge, now.mxidAge(), at, SPAN);
        Double xidPerDay = xid.map(Rates.Rate::perDay).orElse(null);
        Double mxidPerDay = mxid.map(Rates.Rate::perDay).orElse(null);
        Double xidToStop = Rates.daysUntil(now.xidAge(), Rates.STOP_AGE, xidPerDay);
        Double mxidToStop = Rates.daysUntil(now.mxidAge(), Rates.STOP_AGE, mxidPerDay);
        boolean mxidFirst = mxidToStop != null && (xidToStop == null || mxidToStop < xidToStop);
        Double toStop = mxidFirst ? mxidToStop : xidToStop;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("database_bytes", now.bytes());
        row.put("bytes_per_day_7d", Rates.growthPerDay(runs, now.bytes(), at, Duration.ofDays(7)).orElse(null));
        row.put("bytes_per_day_30d", Rates.growthPerDay(runs, now.bytes(), at, Duration.ofDays(30)).orElse(null));
        row.put("stats_reset", HistoryCollector.offset(now.statsReset()));
        row.put("next_xid", now.nextXid());
        row.put("xid_age", now.xidAge());
        row.put("mxid_age", now.mxidAge());
        row.put("freeze_max_age", now.freezeMaxAge());
        row.put("multixact_freeze_max_age", now.multixactFreezeMaxAge());
        row.put("xid_per_day", xidPerDay);
        row.put("mxid_per_day", mxidPerDay);
        row.put("over_days", xid.or(() -> mxid).map(r -> Math.round(r.overDays() * 10) / 10.0).orElse(null));
        row.put("days_to_freeze_max_age", sooner(Rates.daysUntil(now.xidAge(), now.freezeMaxAge(), xidPerDay),
                Rates.daysUntil(now.mxidAge(), now.multixactFreezeMaxAge(), mxidPerDay)));
        row.put("days_to_stop", toStop);
        row.put("stop_kind", toStop == null ? null : mxidFirst ? "multixact" : "xid");
        row.put("stop_date", toStop == null ? null : HistoryCollector.offset(at.plusSeconds((long) (toStop * 86_400))));
        return row;
    }

    /**
     * The xid consumption per day up to the latest of {@code runs} (oldest first) at or before {@code at}, as the
     * DatabaseTrend row measures it: for the charts' forecast line. Null without two runs an hour apart.
     */
    public static Double xidPerDay(List<HistoryStore.RunPoint> runs, Instant at) {
        HistoryStore.RunPoint latest = null;
        for (HistoryStore.RunPoint run : runs) {
            if (run.nextXid() != null && !run.started().isAfter(at)) {
                latest = run;
            }
        }
        if (latest == null) {
            return null;
        }
        return Rates.counterRate(runs, HistoryStore.RunPoint::nextXid, latest.nextXid(), latest.started(), SPAN)
                .map(Rates.Rate::perDay).orElse(null);
    }

    private static Double sooner(Double a, Double b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Double.valueOf(Math.min(a, b));
    }
}
