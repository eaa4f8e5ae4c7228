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
 * Asciidoctor's manpage backend, and the bash completion script (zsh loads it through bashcompinit), both from
 * the picocli model of every command.
 * Arguments: the AsciiDoc folder, the completion file.
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
        Files.writeString(completion, AutoComplete.bash("pgmaint", cli));
    }
}
