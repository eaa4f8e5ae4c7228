package org.pgmaint.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.pgmaint.config.Nearest;
import org.pgmaint.config.Secrets;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.db.DatabaseUnavailableException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point; the only place that calls System.exit. */
@Command(name = "pgmaint", description = "PostgreSQL maintenance engine: YAML checks, Drools rules, a safe executor.",
        versionProvider = Main.Version.class)
public class Main implements Runnable {
    /** The commands, in the order help lists them. */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();
    @Option(names = {"-?", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Show the version.")
    boolean version;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command: " + String.join(", ", COMMANDS.keySet()));
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        configureLogging(debug);
        CommandLine cli = commandLine(args);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> handle(e, debug));
        cli.setParameterExceptionHandler((e, args1) -> {
            System.err.println("pgmaint: " + Secrets.maskUri(e.getMessage()) + suggestion(e));
            System.err.println("Try 'pgmaint " + (e.getCommandLine().getCommandName().equals("pgmaint") ? ""
                    : e.getCommandLine().getCommandName() + " ") + "--help'.");
            return ExitCodes.INVALID_INPUT;
        });
        return cli.execute(args);
    }

    /**
     * Picocli reads the annotations of every command it is given (all of them cost start-up time, docs/performance.md):
     * when the first argument names a command, only that one is built; help, no command or an unknown one get them all.
     */
    static CommandLine commandLine(String... args) {
        CommandLine cli = new CommandLine(new Main());
        Supplier<Object> named = args.length > 0 ? COMMANDS.get(args[0]) : null;
        if (named != null) {
            cli.addSubcommand(args[0], named.get());
        } else {
            COMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
            cli.addSubcommand("help", new CommandLine.HelpCommand());
        }
        return cli;
    }

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("plan", PlanCommand::new);
        commands.put("run", RunCommand::new);
        commands.put("apply", ApplyCommand::new);
        commands.put("validate", ValidateCommand::new);
        commands.put("checks", ChecksCommand::new);
        commands.put("test-checks", TestChecksCommand::new);
        commands.put("config", ConfigCommand::new);
        commands.put("report", ReportCommand::new);
        commands.put("history", HistoryCommand::new);
        commands.put("cache-processor", CacheProcessorCommand::new);
        return commands;
    }

    /** "; did you mean plan?" for a mistyped command or option (the names of the command it was given to). */
    static String suggestion(CommandLine.ParameterException e) {
        if (!(e instanceof CommandLine.UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()) {
            return "";
        }
        String typed = unmatched.getUnmatched().get(0);
        CommandLine.Model.CommandSpec spec = e.getCommandLine().getCommandSpec();
        List<String> names = new ArrayList<>();
        if (typed.startsWith("-")) {
            spec.options().forEach(option -> names.addAll(Arrays.asList(option.names())));
        } else {
            names.addAll(spec.subcommands().keySet());
        }
        String didYouMean = Nearest.didYouMean(Nearest.names(typed.split("=", 2)[0], names));
        return didYouMean.isEmpty() ? "" : "; " + didYouMean;
    }

    static int handle(Exception e, boolean debug) {
        if (debug) {
            e.printStackTrace();
        }
        if (e instanceof InvalidInputException invalid) {
            System.err.println("pgmaint: " + Secrets.maskUri(invalid.describe()));
            return ExitCodes.INVALID_INPUT;
        }
        if (e instanceof DatabaseUnavailableException unavailable) {
            System.err.println("pgmaint: " + Secrets.maskUri(unavailable.getMessage()));
            return ExitCodes.DATABASE_UNAVAILABLE;
        }
        System.err.println("pgmaint: internal error: " + Secrets.maskUri(String.valueOf(e)) + (debug ? "" : " (run with --debug for details)"));
        return ExitCodes.INTERNAL_ERROR;
    }

    private static void configureLogging(boolean debug) {
        // set both ways: in-process callers (tests) run several command lines in one JVM
        ((Logger) LoggerFactory.getLogger("org.pgmaint")).setLevel(debug ? Level.DEBUG : Level.WARN);
        ((Logger) LoggerFactory.getLogger("org.drools")).setLevel(debug ? Level.WARN : Level.OFF);
        ((Logger) LoggerFactory.getLogger("org.kie")).setLevel(debug ? Level.WARN : Level.OFF);
    }

    /** The version and git commit Maven wrote into pgmaint-build.properties, e.g. "pgmaint 0.2.0 (commit 1a2b3c4d5e6f)". */
    static class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties build = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/pgmaint-build.properties")) {
                if (in != null) {
                    build.load(in);
                }
            } catch (IOException e) {
                // an unreadable resource is a development build
            }
            String version = known(build.getProperty("version"));
            String commit = known(build.getProperty("commit"));
            return new String[] {"pgmaint " + (version == null ? "development" : version)
                    + (commit == null ? "" : " (commit " + commit + ")")};
        }

        /** Null for a value Maven did not fill in (no git checkout: empty or the placeholder itself). */
        private static String known(String value) {
            return value == null || value.isBlank() || value.startsWith("${") ? null : value.strip();
        }
    }
}
