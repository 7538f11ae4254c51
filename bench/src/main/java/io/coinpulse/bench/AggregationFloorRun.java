package io.coinpulse.bench;

import io.coinpulse.devstack.JavaProcess;
import io.coinpulse.launcher.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code bench/aggregation-floor LAKE…}: runs the experiment {@code bench/experiments/AggregationFloor.java}
 * (a Java source file, not part of the build) over each bench lake given, in a JVM started as the
 * launcher starts the Spark job ({@link Stack#sparkJvmOptions()}, {@link Stack#sparkClasspath}),
 * and prints its result line.
 */
public final class AggregationFloorRun {

    private AggregationFloorRun() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("coinpulse.home", ".")).toAbsolutePath();
        for (String lake : args) {
            if (!Files.isDirectory(Path.of(lake, "coinpulse", "ticks"))) {
                System.err.println("aggregation-floor: no ticks in " + lake);
                System.exit(2);
            }
        }
        List<String> jvm = new ArrayList<>(Stack.sparkJvmOptions());
        jvm.add("-Dspark.master=local[2]");
        String experiment = home.resolve("bench/experiments/AggregationFloor.java").toString();
        for (String lake : args) {
            Path work = Files.createTempDirectory("aggregation-floor");
            Path log = work.resolve("floor.log");
            JavaProcess floor = JavaProcess.start("aggregation-floor", jvm, Stack.sparkClasspath(home), experiment,
                    List.of(Path.of(lake).toAbsolutePath().toString(), work.resolve("checkpoint").toString()), Map.of(), log);
            if (!floor.process().waitFor(10, TimeUnit.MINUTES) || floor.process().exitValue() != 0) {
                floor.kill();
                System.err.println("aggregation-floor failed over " + lake + ":\n" + floor.logTail(30));
                System.exit(1);
            }
            Files.readAllLines(log).stream().filter(l -> l.startsWith("aggregation floor ")).forEach(System.out::println);
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
