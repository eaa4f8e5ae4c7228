package org.pgmaint.retention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigLoader;

/** Test helper: a config loaded from YAML text written to a temporary file. */
public final class RetentionConfigs {
    private RetentionConfigs() {
    }

    public static Path write(String yaml) {
        try {
            Path file = Files.createTempFile("pgmaint-retention", ".yaml");
            Files.writeString(file, yaml);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Config load(String yaml) {
        return ConfigLoader.load(new ConfigLoader.Sources(write(yaml), Map.of(), Map.of(), Path.of(".")));
    }

    public static RetentionSettings settings(String yaml) {
        return RetentionSettings.from(load(yaml));
    }
}
