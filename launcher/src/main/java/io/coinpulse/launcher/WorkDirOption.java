package io.coinpulse.launcher;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The repository root and the work directory, shared by every command. */
final class WorkDirOption {

    @Option(names = "--home", description = "Repository root (default: ${DEFAULT-VALUE}).",
            defaultValue = "${sys:coinpulse.home:-.}")
    Path home;

    @Option(names = "--work-dir", description = "Data and logs (default: <home>/.coinpulse).")
    Path workDir;

    Path home() {
        return home.toAbsolutePath().normalize();
    }

    Path work() {
        return (workDir != null ? workDir : home.resolve(".coinpulse")).toAbsolutePath().normalize();
    }

    ProcessRegistry registry() {
        return new ProcessRegistry(work().resolve("run"));
    }
}
