package org.pgmaint.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The loaded, validated checks (sorted by id) and the thresholds they declare. */
public record Catalog(List<Check> checks, Map<String, ThresholdSpec> thresholds) {

    public Catalog {
        checks = List.copyOf(checks);
        thresholds = Map.copyOf(thresholds);
    }

    /** The checks of one database's data only ({@code scope: database}), for a cluster's further databases. */
    public Catalog databaseScoped() {
        return new Catalog(checks.stream().filter(c -> !c.clusterWide()).toList(), thresholds);
    }

    public Optional<Check> check(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst();
    }
}
