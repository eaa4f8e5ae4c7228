package org.pgmaint.config;

import java.util.List;
import java.util.function.Supplier;

/** Bad user input (catalog, rules, config, templates): every problem found, reported together. */
public class InvalidInputException extends RuntimeException {
    private final List<Problem> problems;

    public InvalidInputException(String what, List<Problem> problems) {
        super("invalid " + what + " (" + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ")");
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(String what, Problem problem) {
        this(what, List.of(problem));
    }

    /**
     * The part's value, or null with its problems added to {@code problems}: for reporting the problems of several
     * parts together.
     */
    public static <T> T collecting(List<Problem> problems, Supplier<T> part) {
        try {
            return part.get();
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    public List<Problem> problems() {
        return problems;
    }

    public String describe() {
        StringBuilder text = new StringBuilder(getMessage()).append(':');
        for (Problem problem : problems) {
            text.append(System.lineSeparator()).append("  ").append(problem);
        }
        return text.toString();
    }
}
