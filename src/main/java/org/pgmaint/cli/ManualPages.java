package org.pgmaint.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build step (the package phase runs it; never part of the installed tool): the man pages, as AsciiDoc for
 * Asciidoctor's manpage backend, the bash completion script, and zsh's completion function (the same script run
 * through zsh's bashcompinit), all from the picocli model of every command.
 * Arguments: the AsciiDoc folder, the bash completion file, the zsh completion file (_pgmaint).
 */
public final class ManualPages {
    private ManualPages() {
    }

    public static void main(String[] args) throws IOException {
        CommandLine cli = Main.commandLine();
        Files.createDirectories(Path.of(args[0]));
        int status = ManPageGenerator.generateManPage(new File(args[0]), null, new boolean[0], true, cli.getCommandSpec());
        if (status != 0) {
            throw new IOException("ManPageGenerator exited with " + status);
        }
        Path completion = Path.of(args[1]);
        Files.createDirectories(completion.toAbsolutePath().getParent());
        String bash = AutoComplete.bash("pgmaint", cli);
        Files.writeString(completion, bash);
        Path zsh = Path.of(args[2]);
        Files.createDirectories(zsh.toAbsolutePath().getParent());
        Files.writeString(zsh, zshFunction(bash));
    }

    /**
     * A file for zsh's $fpath: compinit reads the #compdef line and autoloads it on the first completion of pgmaint;
     * it then defines and registers the bash completion (which loads bashcompinit) and completes that first time too.
     */
    static String zshFunction(String bashCompletion) {
        return "#compdef pgmaint\n"
                + "# zsh completion for pgmaint: picocli's bash completion, through zsh's bashcompinit.\n"
                + "# compopt changes options of bash's current completion, which bashcompinit has not; the script's own\n"
                + "# stand-in, an alias, is not expanded in an autoloaded function (the file is parsed before it runs).\n"
                + "compopt() { return 0; }\n"
                + bashCompletion
                + "\n_bash_complete -F _complete_pgmaint -o default\n";
    }
}
