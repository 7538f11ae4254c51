package io.coinpulse.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Loopback port helpers. */
public final class Ports {

    /**
     * Ports this JVM handed out or was told are taken: a port is free only until its part binds it, and the
     * system may offer the same one again meanwhile, so {@link #free()} never gives one of these twice.
     */
    private static final Set<Integer> TAKEN = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /** A port that is free on 127.0.0.1 right now and that this JVM has not handed out or {@link #reserve reserved}. */
    public static int free() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                int port = socket.getLocalPort();
                if (TAKEN.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on loopback", e);
            }
        }
    }

    /** Marks ports chosen elsewhere (a command line's, another process's) so {@link #free()} never gives them. */
    public static void reserve(int... ports) {
        for (int port : ports) {
            if (port > 0) {
                TAKEN.add(port);
            }
        }
    }

    /** True when something accepts TCP connections on 127.0.0.1:port. */
    public static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until 127.0.0.1:port accepts connections, or the process dies, or the timeout passes. */
    public static void awaitListening(int port, Process process, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (listening(port)) {
                return;
            }
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(what + " exited with code " + process.exitValue() + " before listening on " + port);
            }
            sleep(100);
        }
        throw new IllegalStateException(what + " did not listen on port " + port + " within " + timeout);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
