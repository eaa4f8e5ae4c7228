package org.pgmaint.cli;

import picocli.CommandLine.Option;

/** What a command writes on stdout: text for people, or JSON (docs/json-report.md). */
enum Format {
    // lower case: picocli parses and lists the constants' names as the user types them
    text, json;

    /** The --format option of plan, report, run and apply. */
    static final class Choice {
        @Option(names = "--format", paramLabel = "FORMAT", description = "text or json (default: text).")
        Format format = Format.text;
    }
}
