package io.coinpulse.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./coinpulse}: the local command line. */
@Command(name = "coinpulse", mixinStandardHelpOptions = true, versionProvider = Coinpulse.Version.class,
        description = {"Real-time crypto market analytics, on this machine.", "",
            "Start with ./coinpulse up, then open the URL it prints; ./coinpulse status shows each part."},
        footer = {"", "Examples:", "  ./coinpulse up                                 # in one terminal",
            "  ./coinpulse status                             # in another",
            "  ./coinpulse replay samples/ticks-sample.jsonl.gz",
            "  ./coinpulse logs spark -f",
            "  ./coinpulse stop",
            "", "./coinpulse COMMAND --help shows a command's options."},
        subcommands = {UpCommand.class, StatusCommand.class, LogsCommand.class, StopCommand.class,
            ReplayCommand.class, ResetCommand.class, FaultTestCommand.class, CommandLine.HelpCommand.class})
public final class Coinpulse implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Coinpulse()).execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"coinpulse " + JvmSettings.buildProperties().getProperty("version")};
        }
    }
}
