package org.pgmaint.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.kie.api.KieBase;
import org.kie.api.builder.Message;
import org.kie.api.definition.type.FactType;
import org.kie.api.io.ResourceType;
import org.kie.internal.io.ResourceFactory;
import org.kie.internal.utils.KieHelper;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;

/**
 * One KieBase from the generated prelude plus every {@code rules/*.drl}. Build errors name the rule file
 * and line; a rule that reads a threshold no check declares is an error too.
 */
public final class RuleBase {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RuleBase.class);
    private static final Pattern PACKAGE_LINE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;?", Pattern.MULTILINE);
    private static final Pattern THRESHOLD_USE = Pattern.compile("thresholds\\s*\\.\\s*get\\s*\\(\\s*\"([^\"]*)\"");
    private static final Pattern PARSER_ERROR = Pattern.compile("\\[ERR \\d+\\]");
    private static final Pattern RULE_LINE = Pattern.compile("^\\s*rule\\s+(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"']+))", Pattern.MULTILINE);
    private static final String PRELUDE_NAME = "(fact types declared by the checks)";

    /** Where a rule is declared: its file and the line of {@code rule "name"}. */
    public record Declared(String file, int line) {
    }

    private final KieBase kieBase;
    private final List<Path> files;
    private final boolean fromCache;
    private final Map<String, Declared> declared;

    private RuleBase(KieBase kieBase, List<Path> files, boolean fromCache, Map<String, Declared> declared) {
        this.kieBase = kieBase;
        this.files = files;
        this.fromCache = fromCache;
        this.declared = Map.copyOf(declared);
    }

    public static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".drl"))
                    .sorted(Comparator.comparing(p -> dir.relativize(p).toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #build(Catalog, List, RuleCache)} without a cache. */
    public static RuleBase build(Catalog catalog, List<Path> dirs) {
        return build(catalog, dirs, RuleCache.none());
    }

    /**
     * The rule base of the prelude and every rule file in {@code dirs}: loaded from {@code cache} when these
     * exact sources were compiled before, else compiled (and cached).
     */
    public static RuleBase build(Catalog catalog, List<Path> dirs, RuleCache cache) {
        List<Problem> problems = new ArrayList<>();
        List<CompiledRules.Source> sources = new ArrayList<>();
        Map<String, String> resourceToSource = new HashMap<>();
        String preludePath = Prelude.PACKAGE + "/000_prelude.drl";
        sources.add(new CompiledRules.Source(preludePath, Prelude.drl(catalog)));
        resourceToSource.put(preludePath, PRELUDE_NAME);
        List<Path> files = new ArrayList<>();
        Map<String, Declared> declared = new HashMap<>();
        int n = 0;
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                problems.add(Problem.of(dir.toString(), "", "rules folder not found"));
                continue;
            }
            for (Path file : files(dir)) {
                String text = read(file, problems);
                if (text == null || !packageOk(file, text, problems)) {
                    continue;
                }
                thresholdsDeclared(file, text, catalog, problems);
                Matcher rule = RULE_LINE.matcher(text);
                while (rule.find()) {
                    String name = rule.group(1) != null ? rule.group(1) : rule.group(2) != null ? rule.group(2) : rule.group(3);
                    declared.putIfAbsent(name, new Declared(file.toString(), lineOf(text, rule.start(1) >= 0 ? rule.start(1)
                            : rule.start(2) >= 0 ? rule.start(2) : rule.start(3))));
                }
                String resource = String.format("%s/%03d_%s", Prelude.PACKAGE, ++n,
                        file.getFileName().toString().replaceAll("[^A-Za-z0-9_.-]", "_"));
                sources.add(new CompiledRules.Source(resource, text));
                resourceToSource.put(resource, file.toString());
                files.add(file);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("rules", problems);
        }
        String key = RuleCache.key(sources);
        Optional<byte[]> cached = cache.read(key);
        if (cached.isPresent()) {
            try {
                return new RuleBase(CompiledRules.load(cached.get()), List.copyOf(files), true, declared);
            } catch (RuntimeException e) {
                log.warn("cached compiled rules unusable, compiling again: {}", e.getMessage());
                cache.discard(key);
            }
        }
        CompiledRules.Result compiled = CompiledRules.compile(sources);
        if (!compiled.errors().isEmpty()) {
            throw new InvalidInputException("rules", explain(sources, compiled.errors(), resourceToSource));
        }
        cache.write(key, compiled.jar());
        return new RuleBase(CompiledRules.load(compiled.jar()), List.copyOf(files), false, declared);
    }

    /**
     * Problems naming the rule file and line. The executable-model compiler often reports neither (or a
     * generated class), so the DRL compiler, whose messages do, explains the errors when it finds any.
     */
    private static List<Problem> explain(List<CompiledRules.Source> sources, List<Message> modelErrors,
                                         Map<String, String> resourceToSource) {
        KieHelper helper = new KieHelper();
        for (CompiledRules.Source source : sources) {
            helper.addResource(ResourceFactory.newByteArrayResource(source.text().getBytes(StandardCharsets.UTF_8))
                    .setSourcePath(source.resource()), ResourceType.DRL);
        }
        List<Message> errors = helper.verify().getMessages(Message.Level.ERROR);
        if (errors.isEmpty()) {
            errors = modelErrors;
        }
        // a syntax error makes the whole package unusable, and every other rule then reports unresolved
        // types: show the syntax errors alone, they are the cause
        List<Message> syntax = errors.stream().filter(m -> PARSER_ERROR.matcher(m.getText()).find()).toList();
        List<Problem> problems = new ArrayList<>();
        for (Message message : syntax.isEmpty() ? errors : syntax) {
            String path = String.valueOf(message.getPath()).replaceFirst("^src/main/resources/", "");
            String source = resourceToSource.getOrDefault(path, path);
            problems.add(Problem.at(source, Math.max(message.getLine(), 0), "", clean(message.getText())));
        }
        return problems;
    }

    private static String read(Path file, List<Problem> problems) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(Problem.of(file.toString(), "", "cannot read: " + e.getMessage()));
            return null;
        }
    }

    private static boolean packageOk(Path file, String text, List<Problem> problems) {
        Matcher m = PACKAGE_LINE.matcher(text);
        if (!m.find() || !m.group(1).equals(Prelude.PACKAGE)) {
            int line = m.find(0) ? lineOf(text, m.start()) : 1;
            problems.add(Problem.at(file.toString(), line, "package",
                    "rule files start with 'package " + Prelude.PACKAGE + ";' so they see the fact types the checks declare"));
            return false;
        }
        return true;
    }

    private static void thresholdsDeclared(Path file, String text, Catalog catalog, List<Problem> problems) {
        Matcher m = THRESHOLD_USE.matcher(text);
        while (m.find()) {
            if (!catalog.thresholds().containsKey(m.group(1))) {
                problems.add(Problem.at(file.toString(), lineOf(text, m.start()), "thresholds",
                        "reads threshold '" + m.group(1) + "' that no check declares (declared: "
                                + new java.util.TreeSet<>(catalog.thresholds().keySet()) + ")"));
            }
        }
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String clean(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }

    public KieBase kieBase() {
        return kieBase;
    }

    public List<Path> files() {
        return files;
    }

    /** Whether this rule base was loaded from the cache rather than compiled by this run. */
    public boolean fromCache() {
        return fromCache;
    }

    /** The file and line declaring the rule of this name, or null for a rule this base did not read from a file. */
    public Declared declared(String rule) {
        return declared.get(rule);
    }

    public FactType factType(String name) {
        return kieBase.getFactType(Prelude.PACKAGE, name);
    }

    public int ruleCount() {
        return kieBase.getKiePackages().stream().mapToInt(p -> p.getRules().size()).sum();
    }
}
