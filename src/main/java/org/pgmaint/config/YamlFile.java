package org.pgmaint.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A YAML file read as a node tree, so that every error can name the file, the line and the key.
 * Problems are collected in {@link #problems()} rather than thrown one at a time.
 */
public final class YamlFile {
    private final String source;
    private final List<Problem> problems;

    private YamlFile(String source, List<Problem> problems) {
        this.source = source;
        this.problems = problems;
    }

    public static YamlFile collectingInto(String source, List<Problem> problems) {
        return new YamlFile(source, problems);
    }

    /** Parses the file; on a syntax error records a problem with its line and returns null. */
    public Node parse(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader);
        } catch (IOException e) {
            problems.add(Problem.of(source, "", "cannot read file: " + e.getMessage()));
            return null;
        }
    }

    public Node parse(Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        try {
            // the composer alone, as Yaml.compose uses it: a Yaml would also build a constructor and a representer
            // per file, which a node tree never uses (~30 YAML files are read at every start)
            Node root = new Composer(new ParserImpl(new StreamReader(reader), options), new Resolver(), options).getSingleNode();
            if (root == null) {
                problems.add(Problem.of(source, "", "file is empty"));
            }
            return root;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            problems.add(Problem.at(source, line, "", "malformed YAML: " + what.trim()));
            return null;
        } catch (RuntimeException e) {
            problems.add(Problem.of(source, "", "malformed YAML: " + e.getMessage()));
            return null;
        }
    }

    public String source() {
        return source;
    }

    public void problem(Node node, String key, String message) {
        problems.add(Problem.at(source, line(node), key, message));
    }

    public static int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /** The entries of a mapping in file order, or null (with a problem recorded) when it is not one. */
    public Map<String, Node> mapping(Node node, String key) {
        if (!(node instanceof MappingNode mapping)) {
            problem(node, key, "should be a mapping of key: value lines, found " + describe(node));
            return null;
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        Map<String, Node> keyNodes = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String name = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : null;
            if (name == null) {
                problem(tuple.getKeyNode(), key, "keys must be plain names");
                continue;
            }
            Node first = keyNodes.putIfAbsent(name, tuple.getKeyNode());
            if (first != null) {
                // SnakeYAML's allowDuplicateKeys applies only when it constructs objects, not to the node tree
                problem(tuple.getKeyNode(), join(key, name), "duplicate key (first on line " + line(first)
                        + "): each key may appear once, so no value silently replaces another");
                continue;
            }
            entries.put(name, tuple.getValueNode());
        }
        return entries;
    }

    /** Records a problem for each key not among the allowed ones. */
    public void rejectUnknownKeys(Map<String, Node> entries, String parentKey, List<String> allowed) {
        for (Map.Entry<String, Node> entry : entries.entrySet()) {
            if (!allowed.contains(entry.getKey())) {
                problem(entry.getValue(), join(parentKey, entry.getKey()),
                        "unknown key; valid keys here: " + String.join(", ", allowed));
            }
        }
    }

    public String scalar(Node node, String key) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        problem(node, key, "should be a single value, found " + describe(node));
        return null;
    }

    public List<Node> sequence(Node node, String key) {
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        problem(node, key, "should be a list ([a, b] or lines starting with '- '), found " + describe(node));
        return null;
    }

    /** A list of scalars; a single scalar is accepted as a list of one. */
    public List<String> scalarList(Node node, String key) {
        if (node instanceof ScalarNode scalar) {
            return List.of(scalar.getValue());
        }
        List<Node> items = sequence(node, key);
        if (items == null) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (Node item : items) {
            String value = scalar(item, key);
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    public static String join(String parent, String key) {
        return parent == null || parent.isEmpty() ? key : parent + "." + key;
    }

    private static String describe(Node node) {
        if (node == null) {
            return "nothing";
        }
        return switch (node.getNodeId()) {
            case mapping -> "a mapping";
            case sequence -> "a list";
            case scalar -> "'" + ((ScalarNode) node).getValue() + "'";
            default -> "an anchor";
        };
    }
}
