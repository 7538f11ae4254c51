package io.coinpulse.launcher;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Follows a part's log file and echoes the lines it addresses to the user (those starting with a
 * prefix, e.g. ingest's "coinpulse: no network: …"), so they reach the terminal of ./coinpulse up.
 */
final class LogEcho {

    private LogEcho() {
    }

    /** Starts a daemon thread that prints every line of {@code log} starting with {@code prefix}. */
    static void follow(Path log, String prefix) {
        Thread thread = new Thread(() -> run(log, prefix), "coinpulse-log-echo");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run(Path log, String prefix) {
        long position = 0;
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
                    String line = partial.substring(0, newline);
                    partial.delete(0, newline + 1);
                    if (line.startsWith(prefix)) {
                        System.out.println(line);
                        System.out.flush();
                    }
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
