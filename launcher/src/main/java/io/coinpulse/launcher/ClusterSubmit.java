package io.coinpulse.launcher;

import io.coinpulse.devstack.JavaProcess;
import io.coinpulse.devstack.OwnerOnlyFile;
import io.coinpulse.devstack.SparkCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Submits the stream job to a {@link SparkCluster} as {@code spark-submit --deploy-mode client} does:
 * Spark's own {@code org.apache.spark.deploy.SparkSubmit} in a driver JVM on the Spark home's class path,
 * the shaded jar the SparkApplication runs ({@code spark-app/target/spark-app-<version>-all.jar}) as the
 * application, shipped by the driver to the executors. As the chart does, the executors get the driver's
 * environment ({@code spark.executorEnv.*}); it goes through an owner-only properties file, never the
 * command line, since it holds the database password.
 */
final class ClusterSubmit {

    static final String MAIN_CLASS = "io.coinpulse.spark.CoinpulseJob";
    private ClusterSubmit() {
    }

    /** The shaded jar in a built checkout {@code home}. */
    static Path shadedJar(Path home) {
        return home.resolve("spark-app/target/spark-app-" + Stack.buildProperties().getProperty("version") + "-all.jar");
    }

    /** Starts the driver of {@code CoinpulseJob stream} on {@code cluster}; its output goes to {@code log}. */
    static JavaProcess start(Path home, SparkCluster cluster, Map<String, String> jobEnv, Path workDir, Path log) {
        Path jar = shadedJar(home);
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -DskipTests package");
        }
        Path properties = workDir.resolve("spark-submit.properties");
        OwnerOnlyFile.write(properties, submitProperties(jobEnv), "spark-submit settings of the coinpulse stream job");
        List<String> jvm = JvmSettings.clusterDriverJvmOptions();
        List<String> args = List.of("--master", cluster.masterUrl(), "--deploy-mode", "client",
                "--properties-file", properties.toString(), "--class", MAIN_CLASS, jar.toString(), "stream");
        Map<String, String> env = new LinkedHashMap<>(jobEnv);
        env.putAll(cluster.environment());
        return JavaProcess.start("spark", jvm, cluster.home().classpath(), "org.apache.spark.deploy.SparkSubmit",
                args, env, log);
    }

    /** The job's settings: executors sized for the machine, the driver on loopback, the environment for executors. */
    static Properties submitProperties(Map<String, String> jobEnv) {
        Properties p = new Properties();
        p.setProperty("spark.app.name", "coinpulse-stream");
        p.setProperty("spark.executor.memory", JvmSettings.CLUSTER_EXECUTOR_MEMORY);
        p.setProperty("spark.executor.cores", "1");
        p.setProperty("spark.cores.max", Integer.toString(SparkCluster.WORKERS));
        // Spark appends its own add-opens list (JavaModuleOptions) to the executors' options
        p.setProperty("spark.executor.extraJavaOptions", "-XX:MaxDirectMemorySize=256m");
        p.setProperty("spark.driver.host", "127.0.0.1");
        p.setProperty("spark.driver.bindAddress", "127.0.0.1");
        p.setProperty("spark.ui.enabled", "false");
        jobEnv.forEach((key, value) -> p.setProperty("spark.executorEnv." + key, value));
        return p;
    }
}
