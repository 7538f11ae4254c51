package io.coinpulse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * helm template for the default values and each documented combination (docs/DEPLOY.md), every object
 * checked by {@link ManifestChecks}, plus what each combination is for.
 */
class ChartRenderTest {

    record Combination(String name, String release, String values, ManifestChecks.Expect expect, Consumer<Manifests> then) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> combinations() {
        return Stream.of(
                new Combination("defaults", "coinpulse", "",
                        new ManifestChecks.Expect(3, 3, 2, Set.of()), ChartRenderTest::defaults),
                new Combination("all-features", "prod", """
                        image:
                          registry: registry.example.com
                          tag: "1.2.3"
                          pullSecrets: [regcred]
                        ingest:
                          sources: replay,binance
                          replay:
                            file: /data/ticks.jsonl.gz
                            speed: "10"
                          record:
                            file: /data/frames.jsonl
                          apiKeys:
                            coincap: cc-key
                            coinapi: ca-key
                          extraVolumes:
                            - name: data
                              persistentVolumeClaim:
                                claimName: ticks
                          extraVolumeMounts:
                            - name: data
                              mountPath: /data
                        query:
                          apiKeys:
                            keys: k1,k2
                        spark:
                          s3:
                            endpoint: http://minio.minio.svc:9000
                            pathStyleAccess: true
                            existingSecret: prod-s3
                          backfill:
                            enabled: true
                            from: "2026-03-01T00:00:00Z"
                            to: "2026-03-02T00:00:00Z"
                          sparkConf:
                            spark.sql.shuffle.partitions: 12
                        metrics:
                          serviceMonitor:
                            enabled: true
                            labels:
                              release: kube-prometheus-stack
                          podMonitor:
                            enabled: true
                        """, new ManifestChecks.Expect(3, 3, 2, Set.of("prod-s3")), ChartRenderTest::allFeatures),
                new Combination("external-kafka-and-database", "coinpulse", """
                        kafka:
                          enabled: false
                          external:
                            bootstrapServers: kafka-0.data.svc:9093,kafka-1.data.svc:9093
                            securityProtocol: SASL_SSL
                            saslMechanism: SCRAM-SHA-256
                            existingSecret: kafka-client
                            caSecret:
                              name: kafka-ca
                              key: ca.pem
                        mysql:
                          enabled: false
                        externalDatabase:
                          url: jdbc:mysql://mysql.data.svc:3306/coinpulse
                          user: cp
                          existingSecret: coinpulse-db
                          passwordKey: db-password
                        """, new ManifestChecks.Expect(0, 0, 0, Set.of("kafka-client", "kafka-ca", "coinpulse-db")),
                        ChartRenderTest::external),
                new Combination("single-node-dev", "dev", """
                        kafka:
                          replicas: 1
                          replicationFactor: 1
                          minInsyncReplicas: 1
                          storage:
                            size: 10Gi
                        mysql:
                          auth:
                            existingSecret: dev-db
                        query:
                          replicaCount: 1
                        spark:
                          executor:
                            instances: 1
                          compare:
                            enabled: false
                          maintain:
                            enabled: false
                        networkPolicy:
                          enabled: false
                        dashboards:
                          enabled: false
                        """, new ManifestChecks.Expect(1, 1, 1, Set.of("dev-db")), ChartRenderTest::singleNode),
                new Combination("plaintext-kafka-hdfs-lake-no-stream", "coinpulse", """
                        kafka:
                          enabled: false
                          external:
                            bootstrapServers: kafka:9092
                        spark:
                          lakePath: hdfs://namenode:8020/coinpulse/lake
                          lakeCatalog: jdbc
                          lakeCatalogUri: jdbc:mysql://catalog-db:3306/iceberg
                          checkpointPath: hdfs://namenode:8020/coinpulse/checkpoints
                          stream:
                            enabled: false
                          metrics:
                            enabled: false
                        """, new ManifestChecks.Expect(0, 0, 0, Set.of()), ChartRenderTest::plaintext)
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void rendersValidObjects(Combination c) {
        Manifests m = HelmChart.render(c.release(), c.name(), c.values());
        assertThat(m.all()).as("objects rendered for " + c.name()).hasSizeGreaterThan(10);
        ManifestChecks.verify(m, c.expect());
        c.then().accept(m);
    }

    // ---- what each combination is for -------------------------------------------------------------

    private static void defaults(Manifests m) {
        assertThat(env(m, "Deployment", "coinpulse-ingest")).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "coinpulse-kafka-bootstrap:9093")
                .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/coinpulse/kafka-ca/ca.crt")
                .containsEntry("KAFKA_SASL_JAAS_CONFIG", "secret:coinpulse-ingest/sasl.jaas.config")
                .containsEntry("COINPULSE_INGEST_SOURCES", "binance,coinbase,kraken,coingecko")
                .doesNotContainKeys("COINPULSE_INGEST_COINCAP_API_KEY", "COINPULSE_INGEST_REPLAY_FILE");
        assertThat(env(m, "Deployment", "coinpulse-query"))
                .containsEntry("COINPULSE_DB_URL", "jdbc:mysql://coinpulse-mysql:3306/coinpulse")
                .containsEntry("COINPULSE_DB_USER", "coinpulse")
                .containsEntry("COINPULSE_DB_PASSWORD", "secret:coinpulse-mysql/password")
                .containsEntry("COINPULSE_PRIMARY_SOURCE", "binance")
                .containsEntry("KAFKA_SASL_JAAS_CONFIG", "secret:coinpulse-query/sasl.jaas.config");
        ObjectNode stream = m.get("SparkApplication", "coinpulse-spark-stream");
        assertThat(stream.at("/spec/restartPolicy/type").asText()).isEqualTo("Always");
        assertThat(stream.at("/spec/arguments").toString()).isEqualTo("[\"stream\"]");
        assertThat(stream.at("/spec/driver/serviceAccount").asText()).isEqualTo("coinpulse-spark");
        assertThat(stream.at("/spec/sparkConf/spark.hadoop.fs.s3a.aws.credentials.provider").asText())
                .isEqualTo("com.amazonaws.auth.DefaultAWSCredentialsProviderChain");
        assertThat(sparkEnv(stream, "driver")).containsEntry("COINPULSE_LAKE_PATH", "s3a://my-bucket/coinpulse/lake")
                .containsEntry("COINPULSE_CHECKPOINT_PATH", "s3a://my-bucket/coinpulse/checkpoints/stream")
                .containsEntry("COINPULSE_WATERMARK", "30s")
                .containsEntry("KAFKA_SASL_JAAS_CONFIG", "secret:coinpulse-spark/sasl.jaas.config")
                .doesNotContainKey("AWS_ACCESS_KEY_ID");
        assertThat(sparkEnv(stream, "executor")).isEqualTo(sparkEnv(stream, "driver"));
        ObjectNode compare = m.get("ScheduledSparkApplication", "coinpulse-spark-compare");
        assertThat(compare.at("/spec/schedule").asText()).isEqualTo("30 1 * * *");
        assertThat(compare.at("/spec/concurrencyPolicy").asText()).isEqualTo("Forbid");
        assertThat(compare.at("/spec/template/arguments").toString()).isEqualTo("[\"compare\",\"--coinpulse.compare.lookback=24h\"]");
        // the lake's Iceberg tables: JDBC catalog in the job's database (S3 renames are not atomic), compacted and expired every hour
        assertThat(sparkEnv(stream, "driver")).containsEntry("COINPULSE_LAKE_CATALOG", "jdbc").doesNotContainKey("COINPULSE_LAKE_CATALOG_URI");
        ObjectNode maintain = m.get("ScheduledSparkApplication", "coinpulse-spark-maintain");
        assertThat(maintain.at("/spec/schedule").asText()).isEqualTo("15 * * * *");
        assertThat(maintain.at("/spec/concurrencyPolicy").asText()).isEqualTo("Forbid");
        assertThat(maintain.at("/spec/template/arguments").toString())
                .isEqualTo("[\"maintain\",\"--coinpulse.lake.snapshot-retention=7d\",\"--coinpulse.lake.snapshots-kept=100\"]");
        assertThat(sparkEnv(maintain.with("spec").with("template"), "driver")).isEqualTo(sparkEnv(stream, "driver"));
        assertThat(m.find("SparkApplication", "coinpulse-spark-backfill")).isEmpty();
        assertThat(m.ofKind("ServiceMonitor")).isEmpty();
        assertThat(m.ofKind("NetworkPolicy")).extracting(Manifests::name)
                .containsExactlyInAnyOrder("coinpulse-ingest", "coinpulse-query", "coinpulse-mysql", "coinpulse-spark");
        // the generated MySQL credentials: random, 32 characters, two different ones
        ObjectNode secret = m.get("Secret", "coinpulse-mysql");
        String password = decode(secret, "password");
        assertThat(password).matches("[A-Za-z0-9]{32}").isNotEqualTo(decode(secret, "root-password"));
        assertThat(secret.at("/metadata/annotations/helm.sh~1resource-policy").asText()).isEqualTo("keep");
        // Strimzi restricts its listener to the three clients
        assertThat(m.get("Kafka", "coinpulse").at("/spec/kafka/listeners/0/networkPolicyPeers"))
                .extracting(p -> p.at("/podSelector/matchLabels/app.kubernetes.io~1component").asText())
                .containsExactly("ingest", "query", "spark");
        // every object carries the common labels
        for (ObjectNode o : m.all()) {
            assertThat(Workload.labels(o.path("metadata").path("labels")))
                    .as(Manifests.id(o))
                    .containsEntry("app.kubernetes.io/name", "coinpulse")
                    .containsEntry("app.kubernetes.io/instance", "coinpulse")
                    .containsEntry("app.kubernetes.io/part-of", "coinpulse")
                    .containsEntry("app.kubernetes.io/managed-by", "Helm")
                    .containsKeys("app.kubernetes.io/component", "app.kubernetes.io/version", "helm.sh/chart");
        }
        // the helm test hook calls the query API (its logic: ObservabilityTest)
        ObjectNode test = m.get("Pod", "coinpulse-test-api");
        assertThat(test.at("/metadata/annotations").path(HelmChart.HOOK).asText()).isEqualTo("test");
        assertThat(test.at("/spec/containers/0/args/0").asText())
                .contains("http://coinpulse-query.coinpulse.svc:8080")
                .contains("/api/v1/assets");
    }

    private static void allFeatures(Manifests m) {
        assertThat(m.get("Deployment", "prod-coinpulse-ingest").at("/spec/template/spec/containers/0/image").asText())
                .isEqualTo("registry.example.com/coinpulse/ingest-service:1.2.3");
        assertThat(m.get("SparkApplication", "prod-coinpulse-spark-stream").at("/spec/image").asText())
                .isEqualTo("registry.example.com/coinpulse/spark-app:1.2.3");
        assertThat(m.get("Deployment", "prod-coinpulse-query").at("/spec/template/spec/imagePullSecrets/0/name").asText())
                .isEqualTo("regcred");
        assertThat(env(m, "Deployment", "prod-coinpulse-ingest"))
                .containsEntry("COINPULSE_INGEST_SOURCES", "replay,binance")
                .containsEntry("COINPULSE_INGEST_REPLAY_FILE", "/data/ticks.jsonl.gz")
                .containsEntry("COINPULSE_INGEST_REPLAY_SPEED", "10")
                .containsEntry("COINPULSE_INGEST_RECORD_FILE", "/data/frames.jsonl")
                .containsEntry("COINPULSE_INGEST_COINCAP_API_KEY", "secret:prod-coinpulse-ingest-api-keys/coincap-api-key")
                .containsEntry("COINPULSE_INGEST_COINAPI_API_KEY", "secret:prod-coinpulse-ingest-api-keys/coinapi-api-key");
        ObjectNode keys = m.get("Secret", "prod-coinpulse-ingest-api-keys");
        assertThat(decode(keys, "coincap-api-key")).isEqualTo("cc-key");
        assertThat(decode(keys, "coinapi-api-key")).isEqualTo("ca-key");
        assertThat(keys.path("data").has("coingecko-api-key")).isFalse();
        assertThat(decode(m.get("Secret", "prod-coinpulse-query-api-keys"), "api-keys")).isEqualTo("k1,k2");
        assertThat(env(m, "Deployment", "prod-coinpulse-query"))
                .containsEntry("COINPULSE_API_KEYS", "secret:prod-coinpulse-query-api-keys/api-keys");
        ObjectNode backfill = m.get("SparkApplication", "prod-coinpulse-spark-backfill");
        assertThat(backfill.at("/spec/arguments").toString())
                .isEqualTo("[\"backfill\",\"--coinpulse.backfill.from=2026-03-01T00:00:00Z\",\"--coinpulse.backfill.to=2026-03-02T00:00:00Z\"]");
        assertThat(backfill.at("/spec/restartPolicy/type").asText()).isEqualTo("OnFailure");
        assertThat(backfill.at("/spec/timeToLiveSeconds").asInt()).isEqualTo(86400);
        ObjectNode stream = m.get("SparkApplication", "prod-coinpulse-spark-stream");
        assertThat(stream.at("/spec/sparkConf/spark.hadoop.fs.s3a.endpoint").asText()).isEqualTo("http://minio.minio.svc:9000");
        assertThat(stream.at("/spec/sparkConf/spark.hadoop.fs.s3a.path.style.access").asText()).isEqualTo("true");
        assertThat(stream.at("/spec/sparkConf/spark.sql.shuffle.partitions").asText()).isEqualTo("12");
        assertThat(stream.at("/spec/sparkConf/spark.hadoop.fs.s3a.aws.credentials.provider").asText())
                .isEqualTo("com.amazonaws.auth.EnvironmentVariableCredentialsProvider");
        assertThat(sparkEnv(stream, "executor")).containsEntry("AWS_ACCESS_KEY_ID", "secret:prod-s3/AWS_ACCESS_KEY_ID")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "secret:prod-s3/AWS_SECRET_ACCESS_KEY");
        assertThat(m.ofKind("ServiceMonitor")).extracting(Manifests::name)
                .containsExactlyInAnyOrder("prod-coinpulse-ingest", "prod-coinpulse-query");
        assertThat(m.ofKind("ServiceMonitor")).allSatisfy(sm ->
                assertThat(sm.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack"));
        assertThat(m.ofKind("PodMonitor")).extracting(Manifests::name)
                .containsExactlyInAnyOrder("prod-coinpulse-spark", "prod-coinpulse-kafka", "prod-coinpulse-kafka-exporter");
    }

    private static void external(Manifests m) {
        Map<String, String> ingest = env(m, "Deployment", "coinpulse-ingest");
        assertThat(ingest).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka-0.data.svc:9093,kafka-1.data.svc:9093")
                .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-256")
                .containsEntry("KAFKA_SASL_JAAS_CONFIG", "secret:kafka-client/sasl.jaas.config")
                .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
        assertThat(m.get("Deployment", "coinpulse-query").at("/spec/template/spec/volumes"))
                .anySatisfy(v -> {
                    assertThat(v.at("/secret/secretName").asText()).isEqualTo("kafka-ca");
                    assertThat(v.at("/secret/items/0/key").asText()).isEqualTo("ca.pem");
                });
        assertThat(env(m, "Deployment", "coinpulse-query"))
                .containsEntry("COINPULSE_DB_URL", "jdbc:mysql://mysql.data.svc:3306/coinpulse")
                .containsEntry("COINPULSE_DB_USER", "cp")
                .containsEntry("COINPULSE_DB_PASSWORD", "secret:coinpulse-db/db-password");
        assertThat(sparkEnv(m.get("SparkApplication", "coinpulse-spark-stream"), "executor"))
                .containsEntry("COINPULSE_DB_PASSWORD", "secret:coinpulse-db/db-password");
        assertThat(m.ofKind("StatefulSet")).isEmpty();
        assertThat(m.ofKind("Secret")).isEmpty();
        // egress opens the external Kafka's ports and the external database's port
        assertThat(m.get("NetworkPolicy", "coinpulse-query").at("/spec/egress").toString())
                .contains("{\"port\":9092,\"protocol\":\"TCP\"}")
                .contains("{\"port\":3306,\"protocol\":\"TCP\"}");
    }

    private static void singleNode(Manifests m) {
        assertThat(m.get("KafkaNodePool", "dev-coinpulse-dual-role").at("/spec/storage/volumes/0/size").asText()).isEqualTo("10Gi");
        assertThat(m.get("Kafka", "dev-coinpulse").at("/spec/kafka/config/offsets.topic.replication.factor").asInt()).isEqualTo(1);
        assertThat(m.ofKind("NetworkPolicy")).isEmpty();
        assertThat(m.ofKind("ScheduledSparkApplication")).isEmpty();
        assertThat(m.ofKind("ConfigMap")).isEmpty();
        assertThat(m.ofKind("Secret")).isEmpty();
        assertThat(m.get("Kafka", "dev-coinpulse").at("/spec/kafka/listeners/0").has("networkPolicyPeers")).isFalse();
        assertThat(env(m, "Deployment", "dev-coinpulse-query")).containsEntry("COINPULSE_DB_PASSWORD", "secret:dev-db/password");
        assertThat(m.get("SparkApplication", "dev-coinpulse-spark-stream").at("/spec/executor/instances").asInt()).isEqualTo(1);
    }

    private static void plaintext(Manifests m) {
        assertThat(env(m, "Deployment", "coinpulse-ingest")).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                .containsEntry("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")
                .doesNotContainKeys("KAFKA_SASL_JAAS_CONFIG", "KAFKA_SASL_MECHANISM", "KAFKA_SSL_TRUSTSTORE_LOCATION");
        assertThat(m.get("Deployment", "coinpulse-ingest").at("/spec/template/spec/volumes").toString()).doesNotContain("kafka-ca");
        assertThat(m.ofKind("SparkApplication")).isEmpty();
        ObjectNode compare = m.get("ScheduledSparkApplication", "coinpulse-spark-compare");
        assertThat(compare.at("/spec/template").has("monitoring")).isFalse();
        assertThat(sparkEnv(compare.with("spec").with("template"), "driver"))
                .containsEntry("COINPULSE_LAKE_PATH", "hdfs://namenode:8020/coinpulse/lake")
                .containsEntry("COINPULSE_LAKE_CATALOG", "jdbc")
                .containsEntry("COINPULSE_LAKE_CATALOG_URI", "jdbc:mysql://catalog-db:3306/iceberg");
        assertThat(m.get("ScheduledSparkApplication", "coinpulse-spark-maintain").at("/spec/template/arguments/0").asText()).isEqualTo("maintain");
    }

    // ---- helpers --------------------------------------------------------------------------------------

    /** The first container's env as name -> value, or "secret:name/key" for secret references. */
    static Map<String, String> env(Manifests m, String kind, String name) {
        return envOf(m.get(kind, name).at("/spec/template/spec/containers/0/env"));
    }

    static Map<String, String> sparkEnv(JsonNode spec, String role) {
        JsonNode s = spec.has("spec") ? spec.path("spec") : spec;
        return envOf(s.path(role).path("env"));
    }

    private static Map<String, String> envOf(JsonNode env) {
        Map<String, String> map = new LinkedHashMap<>();
        for (JsonNode e : env) {
            JsonNode ref = e.path("valueFrom").path("secretKeyRef");
            map.put(e.path("name").asText(), ref.isMissingNode() ? e.path("value").asText()
                    : "secret:" + ref.path("name").asText() + "/" + ref.path("key").asText());
        }
        return map;
    }

    static String decode(ObjectNode secret, String key) {
        return new String(Base64.getDecoder().decode(secret.path("data").path(key).asText()));
    }

    static List<String> names(List<ObjectNode> objects) {
        return objects.stream().map(Manifests::name).toList();
    }
}
