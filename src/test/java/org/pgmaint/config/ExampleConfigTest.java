package org.pgmaint.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.CatalogLoader;
import org.pgmaint.rules.Thresholds;
import org.pgmaint.testing.VersionIndependent;

/** pgmaint.example.yaml documents every key and every threshold with its real default, and loads as it is. */
@VersionIndependent
class ExampleConfigTest {
    private static final Path EXAMPLE = Path.of("pgmaint.example.yaml");

    @Test
    void everyKeyIsInTheExampleWithItsDefault() {
        Config config = ConfigLoader.load(new ConfigLoader.Sources(EXAMPLE, Map.of(), Map.of(), Path.of(".")));
        for (ConfigKey key : ConfigKeys.all().values()) {
            assertTrue(config.origin(key.name()).startsWith(EXAMPLE.toString()),
                    key.name() + " is missing from " + EXAMPLE);
            assertEquals(key.defaultValue(), config.value(key), key.name() + ": the example should show the default");
        }
    }

    @Test
    void everyThresholdIsInTheExampleWithItsDefault() {
        Config config = ConfigLoader.load(new ConfigLoader.Sources(EXAMPLE, Map.of(), Map.of(), Path.of(".")));
        Catalog catalog = CatalogLoader.load(List.of(Path.of("checks")));
        Thresholds.resolve(catalog, config);
        catalog.thresholds().forEach((name, spec) -> assertEquals(spec.defaultValue(), config.thresholds().get(name),
                "thresholds." + name + " should be in the example with its default"));
    }
}
