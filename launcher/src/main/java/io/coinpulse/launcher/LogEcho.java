package io.coinpulse.launcher;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Follows a part's log file as it grows, line by line, like {@code tail -f}: for the lines
 * {@code ./coinpulse up} echoes to the user and for {@code ./coinpulse logs -f}.
 */
final class LogEcho {

    private LogEcho() {
    }

    /**
     * Starts a daemon thread that prints every line of {@code log} starting with {@code prefix} (those a
     * part addresses to the user, e.g. ingest's "coinpulse: no network: …").
     */
    static Thread follow(Path log, String prefix) {
        return follow(log, 0, line -> {
            if (line.startsWith(prefix)) {
                System.out.println(line);
                System.out.flush();
            }
        });
    }

    /** Starts a daemon thread that hands {@code lines} every line of {@code log} from byte {@code from} on. */
    static Thread follow(Path log, long from, Consumer<String> lines) {
        Thread thread = new Thread(() -> run(log, from, lines), "coinpulse-log-" + log.getFileName());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void run(Path log, long from, Consumer<String> lines) {
        long position = from;
        StringBuilder partial = new StringBuilder();
        while (!Thread.currentThread().isInterrupted()) {
            try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
                if (file.length() < position) {
                    position = 0; // rotated or truncated
                }
                file.seek(position);
                byte[] chunk = new byte[(int) Math.min(1 << 20, file.length() - position)];
                file.readFully(chunk);
                position += chunk.length;
                partial.append(new String(chunk, StandardCharsets.UTF_8));
                int newline;
                while ((newline = partial.indexOf("\n")) >= 0) {
                    lines.accept(partial.substring(0, newline));
                    partial.delete(0, newline + 1);
                }
            } catch (IOException e) {
                // not written yet
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
