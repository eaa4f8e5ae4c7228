package org.pgmaint.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.config.InvalidInputException;

class TargetsFileTest {
    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path file = dir.resolve("targets.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aGoodFileReadsEveryField() throws Exception {
        List<FleetTarget> targets = TargetsFile.load(file("""
                targets:
                  - name: prod-eu-1
                    conninfo: "host=db1 port=5432 dbname=postgres user=pgmaint"
                    databases: all
                    exclude_databases: [scratch_*]
                    tags: [prod, eu]
                    config:
                      thresholds: {vacuum_dead_tuple_pct: 15}
                      executor.jobs: 2
                      approval.reindex: never
                  - name: staging
                    conninfo: postgresql://pgmaint@db2:5433/app
                """));
        assertEquals(2, targets.size());
        FleetTarget first = targets.get(0);
        assertEquals("prod-eu-1", first.name());
        assertEquals(List.of("all"), first.databases());
        assertEquals(List.of("scratch_*"), first.excludeDatabases());
        assertEquals(List.of("prod", "eu"), first.tags());
        assertEquals(Map.of("thresholds.vacuum_dead_tuple_pct", "15", "executor.jobs", "2", "approval.reindex", "never"),
                first.config());
        assertEquals(List.of(), targets.get(1).databases());
        assertEquals(List.of("staging"), TargetsFile.select(Path.of("t"), targets, List.of(), List.of())
                .stream().filter(t -> t.tags().isEmpty()).map(FleetTarget::name).toList());
        assertEquals(List.of("prod-eu-1"), TargetsFile.select(Path.of("t"), targets, List.of(), List.of("eu"))
                .stream().map(FleetTarget::name).toList());
    }

    @Test
    void everyProblemIsReportedWithFileLineAndKey() throws Exception {
        Path file = file("""
                targets:
                  - name: a
                    conninf: "host=db1"
                  - name: b
                    conninfo: "host=db1 password=hunter2"
                    config:
                      report.dir: /tmp/elsewhere
                      executor.jobs: 0
                      executor.jbos: 2
                      thresholds.vacuum_dead_tuple_pct: -3
                  - name: b
                    conninfo: "host=db2"
                    replicas: ["db2-replica"]
                  - name: "../etc"
                    conninfo: "host=db3"
                    databases: [all, app]
                """);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TargetsFile.load(file));
        String text = e.describe();
        assertTrue(text.contains(file + ":3") && text.contains("targets[0].conninf") && text.contains("did you mean conninfo?"), text);
        assertTrue(text.contains("targets[0].conninfo") && text.contains("missing"), text);
        assertTrue(text.contains(file + ":5") && text.contains("holds a password") && !text.contains("hunter2"), text);
        assertTrue(text.contains(file + ":7") && text.contains("config.report.dir") && text.contains("cannot be set per target"), text);
        assertTrue(text.contains(file + ":8") && text.contains("config.executor.jobs") && text.contains("from 1 to"), text);
        assertTrue(text.contains(file + ":9") && text.contains("did you mean executor.jobs?"), text);
        assertTrue(text.contains(file + ":10") && text.contains("at least 0"), text);
        assertTrue(text.contains("targets[2].replicas") && text.contains("should be a connection string"), text);
        assertTrue(text.contains("targets[3].name") && text.contains("'../etc' should be"), text);
        assertTrue(text.contains("targets[3].databases") && text.contains("all alone"), text);
    }

    @Test
    void aTargetMayNotApproveMoreThanTheConfiguration() throws Exception {
        Path file = file("""
                targets:
                  - name: a
                    conninfo: "host=db1"
                    config:
                      approval.reindex: auto
                      approval.vacuum: manual
                """);
        List<FleetTarget> targets = TargetsFile.load(file);
        var problems = TargetsFile.approvalWidening(file, targets, Map.of("approval.reindex", "full",
                "approval.vacuum", "auto"));
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).toString().contains("approval.reindex"), problems::toString);
    }

    @Test
    void anUnknownTargetOrTagIsRefusedWithTheNearestName() throws Exception {
        List<FleetTarget> targets = TargetsFile.load(file("""
                targets:
                  - {name: prod-eu-1, conninfo: "host=db1", tags: [prod]}
                """));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TargetsFile.select(Path.of("t.yaml"), targets, List.of("prod-eu-2"), List.of("prd")));
        assertTrue(e.describe().contains("did you mean prod-eu-1?") && e.describe().contains("--tag prd"), e.describe());
    }
}
