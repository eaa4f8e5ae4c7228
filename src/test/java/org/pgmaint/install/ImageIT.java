package org.pgmaint.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** target/pgmaint-image.tar (jib:buildTar in package): its config, its files, and its entrypoint run chrooted. */
class ImageIT {
    static final Path IMAGE = Path.of(System.getProperty("pgmaint.image", "target/pgmaint-image.tar"));

    @TempDir
    Path dir;

    @Test
    void theImageHoldsTheInstallationAndItsEntrypointRunsInIt() throws Exception {
        assertTrue(Files.isRegularFile(IMAGE), "no image at " + IMAGE + " (mvn package without -Dpgmaint.skipDocs)");
        Path image = Files.createDirectories(dir.resolve("image"));
        assertEquals(0, PackagedJarIT.exec("tar", "-xf", IMAGE.toString(), "-C", image.toString()).exitCode());
        ObjectMapper json = new ObjectMapper();
        JsonNode manifest = json.readTree(image.resolve("manifest.json").toFile()).get(0);
        JsonNode config = json.readTree(image.resolve(manifest.get("Config").asText()).toFile()).get("config");

        List<String> entrypoint = new ArrayList<>();
        config.get("Entrypoint").forEach(arg -> entrypoint.add(arg.asText()));
        assertEquals(List.of("/opt/java/bin/java"), entrypoint.subList(0, 1));
        assertEquals(List.of("-jar", "/opt/pgmaint/lib/pgmaint.jar"), entrypoint.subList(entrypoint.size() - 2, entrypoint.size()));
        assertEquals(launcherOptions(), entrypoint.subList(1, entrypoint.size() - 2),
                "the entrypoint runs java with bin/pgmaint's JVM options (pgmaint.home: /opt/pgmaint)");
        List<String> cmd = new ArrayList<>();
        config.get("Cmd").forEach(arg -> cmd.add(arg.asText()));
        assertEquals(List.of("--help"), cmd);
        assertEquals("10001:10001", config.get("User").asText());

        Path root = Files.createDirectories(dir.resolve("root"));
        for (JsonNode layer : manifest.get("Layers")) {
            assertEquals(0, PackagedJarIT.exec("tar", "-xzf", image.resolve(layer.asText()).toString(), "-C", root.toString())
                    .exitCode());
        }
        Path home = root.resolve("opt/pgmaint");
        assertTrue(Files.isExecutable(home.resolve("bin/pgmaint")));
        assertEquals(Files.readString(Path.of("bin/pgmaint")), Files.readString(home.resolve("bin/pgmaint")));
        assertTrue(Files.size(home.resolve("lib/pgmaint.jar")) > 1_000_000);
        assertTrue(Files.isExecutable(root.resolve("opt/java/bin/java")));
        assertTrue(Files.notExists(root.resolve("app")), "Jib's /app layers are filtered out");
        for (String folder : List.of("checks", "rules", "templates")) {
            try (Stream<Path> files = Files.walk(Path.of(folder))) {
                List<Path> sources = files.filter(Files::isRegularFile).toList();
                assertTrue(sources.size() > 2, folder);
                for (Path source : sources) {
                    assertEquals(Files.readString(source), Files.readString(home.resolve(source.toString())), source.toString());
                }
            }
        }

        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) && PackagedJarIT.installed("unshare")
                && PackagedJarIT.installed("chroot"), "running the entrypoint chrooted needs root, unshare and chroot");
        String run = "mount -t proc proc " + root.resolve("proc") + " && exec chroot --userspec=10001:10001 " + root + " "
                + String.join(" ", entrypoint) + " ";
        Files.createDirectories(root.resolve("proc"));
        PackagedJarIT.Result version = PackagedJarIT.exec("unshare", "--mount", "--fork", "sh", "-c", run + "--version");
        assertEquals(0, version.exitCode(), version.out());
        Matcher printed = Pattern.compile("pgmaint (\\S+)(?: \\(commit [0-9a-f]{12}\\))?").matcher(version.out().strip());
        assertTrue(printed.matches(), version.out());
        assertEquals(System.getProperty("pgmaint.version"), printed.group(1));
        PackagedJarIT.Result validate = PackagedJarIT.exec("unshare", "--mount", "--fork", "sh", "-c", run + "validate");
        assertEquals(0, validate.exitCode(), validate.out());
        assertTrue(validate.out().startsWith("valid: "), validate.out());
    }

    /** The JVM options of bin/pgmaint's opts=( ... ) array, with the installation's home. */
    static List<String> launcherOptions() throws Exception {
        String launcher = Files.readString(Path.of("bin/pgmaint"));
        Matcher block = Pattern.compile("(?s)\\nopts=\\((.*?)\\)\\n").matcher(launcher);
        assertTrue(block.find(), "bin/pgmaint has no opts=( ... )");
        List<String> options = new ArrayList<>();
        for (String word : block.group(1).trim().split("\\s+")) {
            options.add(word.replace("\"", "").replace("$home", "/opt/pgmaint"));
        }
        return options;
    }
}
