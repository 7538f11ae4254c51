package io.coinpulse.bench;

import java.io.IOException;
import java.util.List;

/**
 * A process held still with {@code SIGSTOP} until closed ({@code SIGCONT}): it keeps its state,
 * connections and checkpoints, and takes no CPU and no database row meanwhile.
 */
final class Paused implements AutoCloseable {

    private final ProcessHandle process;

    private Paused(ProcessHandle process) {
        this.process = process;
    }

    static Paused of(ProcessHandle process) throws IOException {
        signal(process, "STOP");
        return new Paused(process);
    }

    @Override
    public void close() throws IOException {
        signal(process, "CONT");
    }

    private static void signal(ProcessHandle process, String signal) throws IOException {
        Commands.run(List.of("kill", "-" + signal, Long.toString(process.pid())));
    }
}
