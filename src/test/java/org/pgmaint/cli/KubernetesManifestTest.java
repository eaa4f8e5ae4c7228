package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.config.ConfigLoader;
import org.pgmaint.fleet.FleetTarget;
import org.pgmaint.fleet.Shard;
import org.pgmaint.fleet.TargetsFile;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * deploy/kubernetes/cronjob.yaml: every document parses, each CronJob's command line parses with pgmaint's own
 * command line, the shards are 1/N to N/N of one N, and the ConfigMap's files load as pgmaint reads them.
 */
class KubernetesManifestTest {
    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object here = node;
        for (String key : path) {
            here = here instanceof List<?> list ? list.get(Integer.parseInt(key)) : ((Map<String, Object>) here).get(key);
        }
        return (T) here;
    }

    @Test
    void theCronJobsRunValidCommandLinesOverEveryShardWithTheConfigMapsFiles() throws Exception {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(Files.readString(Path.of("deploy/kubernetes/cronjob.yaml")))) {
            docs.add(at(doc));
        }
        Map<String, Object> configMap = docs.stream().filter(d -> "ConfigMap".equals(d.get("kind"))).findFirst().orElseThrow();
        Path config = Files.writeString(dir.resolve("pgmaint.yaml"), (String) at(configMap, "data", "pgmaint.yaml"));
        Path targets = Files.writeString(dir.resolve("targets.yaml"), (String) at(configMap, "data", "targets.yaml"));
        ConfigLoader.load(new ConfigLoader.Sources(config, Map.of(), Map.of(), dir));
        List<FleetTarget> fleet = TargetsFile.load(targets);
        assertFalse(fleet.isEmpty());

        Set<String> shards = new TreeSet<>();
        int count = 0;
        for (Map<String, Object> job : docs.stream().filter(d -> "CronJob".equals(d.get("kind"))).toList()) {
            Map<String, Object> pod = at(job, "spec", "jobTemplate", "spec", "template", "spec");
            Map<String, Object> container = at(pod, "containers", "0");
            List<String> args = at(container, "args");
            CommandLine cli = Main.commandLine(args.toArray(String[]::new));
            CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
            RunCommand run = (RunCommand) parsed.subcommand().commandSpec().userObject();
            assertEquals(Path.of("/etc/pgmaint/targets.yaml"), run.fleet.targetsFile);
            Shard shard = Shard.parse(run.fleet.shard);
            count = count == 0 ? shard.count() : count;
            assertEquals(count, shard.count(), "every CronJob splits the fleet into the same number of shards");
            shards.add(run.fleet.shard);
            assertEquals("Forbid", at(job, "spec", "concurrencyPolicy"));
            assertEquals("/etc/pgmaint-secret/pgpass", at(container, "env", "0", "value"));
            List<Map<String, Object>> volumes = at(pod, "volumes");
            Map<String, Object> secret = volumes.stream().filter(v -> v.containsKey("secret")).findFirst().orElseThrow();
            assertEquals(0600, ((Number) at(secret, "secret", "defaultMode")).intValue(), "pgpass must be 0600");
            // what the image (pom.xml, jib) needs: its name, its user, and a writable /tmp on a read-only root
            assertEquals("registry.example.com/pgmaint:" + System.getProperty("pgmaint.version", "0.1.0-SNAPSHOT"),
                    at(container, "image"));
            assertEquals(Boolean.TRUE, at(pod, "securityContext", "runAsNonRoot"));
            assertEquals(10001, ((Number) at(pod, "securityContext", "runAsUser")).intValue());
            assertEquals(Boolean.TRUE, at(container, "securityContext", "readOnlyRootFilesystem"));
            assertEquals(Boolean.FALSE, at(container, "securityContext", "allowPrivilegeEscalation"));
            List<Map<String, Object>> mounts = at(container, "volumeMounts");
            String tmp = mounts.stream().filter(m -> "/tmp".equals(m.get("mountPath"))).map(m -> (String) m.get("name"))
                    .findFirst().orElseThrow(() -> new AssertionError("no volume at /tmp"));
            assertTrue(volumes.stream().anyMatch(v -> tmp.equals(v.get("name")) && v.containsKey("emptyDir")), "/tmp is an emptyDir");
        }
        Set<String> expected = new TreeSet<>();
        for (int i = 1; i <= count; i++) {
            expected.add(i + "/" + count);
        }
        assertEquals(expected, shards, "the CronJobs cover every shard once");
        assertTrue(count >= 2);
    }
}
