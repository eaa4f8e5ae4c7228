package org.pgmaint.engine;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where pgmaint is installed: the folder holding checks/, rules/ and templates/. */
public final class Installation {
    public static final String HOME_PROPERTY = "pgmaint.home";

    private Installation() {
    }

    /** -Dpgmaint.home (set by bin/pgmaint), else $PGMAINT_HOME, else the folder above the jar, else the working folder. */
    public static Path home() {
        String property = System.getProperty(HOME_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        String env = System.getenv("PGMAINT_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        try {
            Path jar = Path.of(Installation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = jar.getParent(); dir != null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve("checks")) && Files.isDirectory(dir.resolve("rules"))) {
                    return dir;
                }
            }
        } catch (URISyntaxException | RuntimeException ignored) {
            // fall through to the working folder
        }
        return Path.of("").toAbsolutePath();
    }
}
