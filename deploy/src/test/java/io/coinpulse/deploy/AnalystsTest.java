package io.coinpulse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Analysts on Kubernetes: a read-only MySQL user, extra MySQL ingress; and the retention values. */
class AnalystsTest {

    @Test
    void aReadOnlyUserFromAnExistingSecretAndExtraIngress() throws Exception {
        Manifests m = HelmChart.render("coinpulse", "bi", """
                mysql:
                  bi:
                    enabled: true
                    existingSecret: coinpulse-bi
                  networkPolicy:
                    extraIngress:
                      - from:
                          - namespaceSelector:
                              matchLabels:
                                kubernetes.io/metadata.name: superset
                        ports:
                          - port: 3306
                            protocol: TCP
                """);
        ManifestChecks.verify(m, new ManifestChecks.Expect(3, 3, 2, Set.of("coinpulse-bi")));
        ObjectNode job = m.get("Job", "coinpulse-mysql-bi-user");
        assertThat(job.at("/metadata/annotations").path(HelmChart.HOOK).asText()).isEqualTo("post-install,post-upgrade");
        assertThat(ChartRenderTest.env(m, "Job", "coinpulse-mysql-bi-user"))
                .containsEntry("DB_HOST", "coinpulse-mysql")
                .containsEntry("DB_NAME", "coinpulse")
                .containsEntry("BI_USER", "bi")
                .containsEntry("BI_PASSWORD", "secret:coinpulse-bi/password")
                .containsEntry("MYSQL_PWD", "secret:coinpulse-mysql/root-password");
        // the script, run by bash with the mysql client replaced by cat: the SQL it sends, a password
        // with a quote and a backslash escaped as a MySQL string literal
        String script = job.at("/spec/template/spec/containers/0/args/0").asText();
        assertThat(sql(script, "it's a \\secret")).isEqualTo("""
                CREATE USER IF NOT EXISTS 'bi'@'%' IDENTIFIED BY 'it''s a \\\\secret';
                ALTER USER 'bi'@'%' IDENTIFIED BY 'it''s a \\\\secret';
                GRANT SELECT ON `coinpulse`.* TO 'bi'@'%';
                """);
        JsonNode ingress = m.get("NetworkPolicy", "coinpulse-mysql").at("/spec/ingress");
        assertThat(ingress.get(0).path("from").findValuesAsText("app.kubernetes.io/component"))
                .containsExactly("query", "spark", "mysql-bi");
        assertThat(ingress.get(1).at("/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText()).isEqualTo("superset");
        assertThat(HelmChart.render("coinpulse", "bi-off", "").find("Job", "coinpulse-mysql-bi-user")).isEmpty();
        assertThatThrownBy(() -> HelmChart.render("coinpulse", "bi-no-secret", "mysql:\n  bi:\n    enabled: true\n"))
                .hasMessageContaining("mysql.bi.existingSecret is required");
    }

    private static String sql(String script, String password) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-ec", "mysqladmin() { return 0; }\nmysql() { cat; }\n" + script);
        pb.environment().putAll(java.util.Map.of("DB_HOST", "db", "DB_NAME", "coinpulse", "BI_USER", "bi", "BI_PASSWORD", password));
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).endsWith("read-only user bi can SELECT on coinpulse\n");
        return out.substring(0, out.indexOf("read-only user"));
    }

    @Test
    void retentionValuesBecomeQueryServiceEnvironment() {
        assertThat(ChartRenderTest.env(HelmChart.render("coinpulse", "retention-default", ""), "Deployment", "coinpulse-query"))
                .doesNotContainKeys("COINPULSE_RETENTION_STREAM_BATCHES", "COINPULSE_RETENTION_WINDOWS_1M");
        Manifests m = HelmChart.render("coinpulse", "retention", """
                retention:
                  streamBatches: 2d
                  windows1m: 7d
                  windowsDefault: 90d
                  indicators: 30d
                  alerts: "0"
                  movers: 12h
                """);
        assertThat(ChartRenderTest.env(m, "Deployment", "coinpulse-query"))
                .containsEntry("COINPULSE_RETENTION_STREAM_BATCHES", "2d")
                .containsEntry("COINPULSE_RETENTION_WINDOWS_1M", "7d")
                .containsEntry("COINPULSE_RETENTION_WINDOWS_DEFAULT", "90d")
                .containsEntry("COINPULSE_RETENTION_INDICATORS", "30d")
                .containsEntry("COINPULSE_RETENTION_ALERTS", "0")
                .containsEntry("COINPULSE_RETENTION_MOVERS", "12h");
        assertThatThrownBy(() -> HelmChart.render("coinpulse", "retention-bad", "retention:\n  alerts: a week\n"))
                .hasMessageContaining("retention");
    }
}
