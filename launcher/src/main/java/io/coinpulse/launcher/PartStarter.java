package io.coinpulse.launcher;

import io.coinpulse.devstack.JavaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the application parts of a stack from a built checkout, each a child JVM with its log under
 * {@code logs} and its pid in the registry, and waits for them to answer.
 */
final class PartStarter {

    static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Path home;
    private final Path logs;
    private final ProcessRegistry registry;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    PartStarter(Path home, Path logs, ProcessRegistry registry) {
        this.home = home;
        this.logs = logs;
        this.registry = registry;
    }

    /** Starts a Quarkus service ({@code module}'s fast-jar) with its HTTP and management ports and environment. */
    JavaProcess startQuarkus(String module, String name, int port, int managementPort, Map<String, String> env) {
        Path jar = home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        requireBuilt(jar);
        Map<String, String> processEnv = new java.util.LinkedHashMap<>(env);
        processEnv.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        processEnv.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        JvmSettings.NATIVE_ENVIRONMENT.forEach(processEnv::putIfAbsent);
        List<String> command = new ArrayList<>(List.of(JavaProcess.javaExecutable()));
        command.addAll(JvmSettings.serviceJvmOptions(module));
        command.addAll(List.of("-jar", jar.toString()));
        return recorded(JavaProcess.start(name, command, processEnv, logs.resolve(name + ".log")));
    }

    /** Starts the Spark job's {@code stream} command in local mode on {@code master}. */
    JavaProcess startSpark(String master, Map<String, String> env) {
        List<String> jvm = new ArrayList<>(JvmSettings.sparkJvmOptions());
        jvm.add("-Dspark.master=" + master);
        Map<String, String> sparkEnv = new java.util.LinkedHashMap<>(env);
        JvmSettings.NATIVE_ENVIRONMENT.forEach(sparkEnv::putIfAbsent);
        return recorded(JavaProcess.start("spark", jvm, sparkClasspath(home), "io.coinpulse.spark.CoinpulseJob",
                List.of("stream"), sparkEnv, logs.resolve("spark.log")));
    }

    /** Records {@code process} in the registry, so {@code stop} and a later start find it. */
    JavaProcess recorded(JavaProcess process) {
        registry.record(process.name(), process.process().toHandle());
        return process;
    }

    /** Waits until {@code url} answers 200; fails when the process exits or after {@link #START_TIMEOUT}. */
    void awaitHttp(JavaProcess process, String url) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited; last log lines:\n" + process.logTail(30));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException(process.name() + " did not answer " + url + " within " + START_TIMEOUT
                + "; see " + process.log());
    }

    /** The Spark job's class path in a built checkout {@code home}: its jar and the dependencies Maven listed. */
    static String sparkClasspath(Path home) {
        Path target = home.resolve("spark-app/target");
        Path jar = target.resolve("spark-app-" + JvmSettings.buildProperties().getProperty("version") + ".jar");
        Path classpathFile = target.resolve("spark-app.classpath");
        requireBuilt(jar);
        requireBuilt(classpathFile);
        try {
            return jar + java.io.File.pathSeparator + Files.readString(classpathFile).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void requireBuilt(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " is missing: build first with ./coinpulse build");
        }
    }
}
