package io.coinpulse.spark.testing;

import io.coinpulse.devstack.JavaProcess;
import io.coinpulse.devstack.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * An S3 endpoint on loopback for the lake tests: S3Proxy (in-memory blob store, no authorization)
 * in its own JVM, so that its libraries never meet Spark's. Spark reaches it through S3A with the
 * settings a MinIO or other S3-compatible store needs (spark-app/README.md, "The lake").
 */
public final class S3Endpoint implements AutoCloseable {

    private final JavaProcess process;
    private final int port;

    private S3Endpoint(JavaProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts S3Proxy ({@code coinpulse.s3proxy.jar}, copied by the build) with its files under {@code dir}. */
    public static S3Endpoint start(Path dir) throws IOException {
        int port = Ports.free();
        Files.createDirectories(dir);
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=none",
                "jclouds.provider=transient",
                "jclouds.identity=local-identity",
                "jclouds.credential=local-credential",
                ""));
        JavaProcess p = JavaProcess.start("s3proxy", List.of(JavaProcess.javaExecutable(), "-Xmx256m", "-jar",
                System.getProperty("coinpulse.s3proxy.jar"), "--properties", properties.toString()), Map.of(), dir.resolve("s3proxy.log"));
        Ports.awaitListening(port, p.process(), Duration.ofSeconds(60), "S3Proxy");
        return new S3Endpoint(p, port);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Creates a bucket (S3 CreateBucket, unsigned: the proxy runs without authorization). */
    public void createBucket(String bucket) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint() + "/" + bucket))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("creating bucket " + bucket + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }

    /** The S3A settings of this endpoint: path-style requests over plain HTTP, anonymous credentials. */
    public void configure(Configuration hadoop) {
        hadoop.set("fs.s3a.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
        hadoop.set("fs.s3a.endpoint", endpoint());
        hadoop.set("fs.s3a.endpoint.region", "us-east-1");
        hadoop.set("fs.s3a.path.style.access", "true");
        hadoop.set("fs.s3a.connection.ssl.enabled", "false");
        hadoop.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.AnonymousAWSCredentialsProvider");
        hadoop.set("fs.s3a.change.detection.mode", "none");
        hadoop.set("fs.s3a.attempts.maximum", "3");
    }

    @Override
    public void close() {
        process.stop(10);
    }
}
