package org.pgmaint.arch;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packages follow the pipeline (docs/architecture.md): each layer imports only the layers below it. The
 * feature packages cache, retention and history use the layers up to execute and are used only by engine and cli;
 * a lower layer reaches a feature only through an interface of its own.
 */
class LayeringTest {
    /** Bottom to top; a layer may import every layer before it. */
    private static final List<String> PIPELINE = List.of("base", "catalog", "collect", "rules", "plan", "execute",
            "report", "engine", "checktest", "cli");

    /** pgmaint's compiled main classes, from the build's output folder. */
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(Path.of("target/classes"));

    static LayeredArchitecture layers(JavaClasses classes) {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("base").definedBy("org.pgmaint.model..", "org.pgmaint.sql..", "org.pgmaint.db..",
                        "org.pgmaint.config..", "org.pgmaint.files..")
                .layer("catalog").definedBy("org.pgmaint.catalog..")
                .layer("collect").definedBy("org.pgmaint.collect..")
                .layer("rules").definedBy("org.pgmaint.rules..")
                .layer("plan").definedBy("org.pgmaint.plan..")
                .layer("execute").definedBy("org.pgmaint.execute..")
                .layer("report").definedBy("org.pgmaint.report..")
                .layer("engine").definedBy("org.pgmaint.engine..")
                .layer("checktest").definedBy("org.pgmaint.checktest..")
                .layer("cli").definedBy("org.pgmaint.cli..")
                .layer("feature").definedBy("org.pgmaint.cache..", "org.pgmaint.retention..", "org.pgmaint.fleet..",
                        "org.pgmaint.history..");
        for (int i = 1; i < PIPELINE.size(); i++) {
            String layer = PIPELINE.get(i);
            List<String> below = PIPELINE.subList(0, i);
            String[] allowed = layer.equals("engine") || layer.equals("cli")
                    ? concat(below, "feature") : below.toArray(String[]::new);
            layers = layers.whereLayer(layer).mayOnlyAccessLayers(allowed);
        }
        layers = layers.whereLayer("base").mayNotAccessAnyLayer()
                .whereLayer("feature").mayOnlyAccessLayers("base", "catalog", "collect", "rules", "plan", "execute");
        return layers;
    }

    @Test
    void packagesImportOnlyTheLayersBelowThem() {
        layers(MAIN).check(MAIN);
    }

    private static com.tngtech.archunit.base.DescribedPredicate<JavaClass> named(String className) {
        return describe(className, c -> c.getName().equals(className) || c.getName().startsWith(className + "$"));
    }

    private static com.tngtech.archunit.base.DescribedPredicate<JavaClass> inPackage(String name) {
        return describe("in " + name, c -> c.getPackageName().equals(name) || c.getPackageName().startsWith(name + "."));
    }

    private static String[] concat(List<String> first, String more) {
        String[] all = first.toArray(new String[first.size() + 1]);
        all[first.size()] = more;
        return all;
    }
}
