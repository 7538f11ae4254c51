package io.coinpulse.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

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
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).redirectErrorStream(true).start();
        try {
            String out = new String(kill.getInputStream().readAllBytes()).trim();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IOException("kill -" + signal + " " + process.pid() + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted signalling " + process.pid(), e);
        }
    }
}
