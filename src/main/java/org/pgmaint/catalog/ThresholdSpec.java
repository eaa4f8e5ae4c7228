package org.pgmaint.catalog;

/** A threshold the rules read through {@code thresholds.get("name", ...)}; declared by a check, set by the config. */
public record ThresholdSpec(String name, double defaultValue, String description, String declaredIn) {
}
