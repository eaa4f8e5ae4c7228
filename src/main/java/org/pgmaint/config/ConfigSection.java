package org.pgmaint.config;

import org.yaml.snakeyaml.nodes.Node;

/** A structured part of the config file (a list of entries), kept as YAML nodes for line-accurate errors. */
public record ConfigSection(String source, String key, Node node) {
}
