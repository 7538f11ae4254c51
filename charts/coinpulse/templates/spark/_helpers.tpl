{{/*
Name prefix of the Spark objects.
*/}}
{{- define "coinpulse.spark.fullname" -}}
{{- printf "%s-spark" (include "coinpulse.fullname" .) }}
{{- end }}

{{/*
The driver's ServiceAccount.
*/}}
{{- define "coinpulse.spark.serviceAccount" -}}
{{- .Values.spark.serviceAccount.name | default (include "coinpulse.spark.fullname" .) }}
{{- end }}

{{/*
The lake and checkpoint URIs: no default, because a default bucket would be one the user does not own.
*/}}
{{- define "coinpulse.spark.requirePaths" -}}
{{- if not (and .Values.spark.lakePath .Values.spark.checkpointPath) }}
{{- fail "spark.lakePath and spark.checkpointPath are required: URIs in storage you own, e.g. --set spark.lakePath=s3a://<bucket>/coinpulse/lake --set spark.checkpointPath=s3a://<bucket>/coinpulse/checkpoints/stream" }}
{{- end }}
{{- end }}

{{/*
Environment of the driver and the executors (SPEC §7, Kafka client, DB, S3 credentials).
*/}}
{{- define "coinpulse.spark.env" -}}
{{- include "coinpulse.spark.requirePaths" . }}
{{- include "coinpulse.kafka.env" (dict "root" . "component" "spark") }}
{{ include "coinpulse.db.env" . }}
- name: COINPULSE_WINDOWS
  value: {{ .Values.config.windows | quote }}
- name: COINPULSE_WATERMARK
  value: {{ .Values.config.watermark | quote }}
- name: COINPULSE_LAKE_PATH
  value: {{ .Values.spark.lakePath | quote }}
- name: COINPULSE_LAKE_CATALOG
  value: {{ .Values.spark.lakeCatalog | quote }}
{{- with .Values.spark.lakeCatalogUri }}
- name: COINPULSE_LAKE_CATALOG_URI
  value: {{ . | quote }}
{{- end }}
- name: COINPULSE_CHECKPOINT_PATH
  value: {{ .Values.spark.checkpointPath | quote }}
- name: COINPULSE_METRICS_PORT
  value: {{ .Values.spark.metrics.streamPort | quote }}
{{- with .Values.spark.s3.existingSecret }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.spark.s3.accessKeyIdKey }}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.spark.s3.secretAccessKeyKey }}
{{- end }}
{{- end }}

{{/*
Driver or executor pod settings shared by every SparkApplication. Call with (dict "root" $ "role" "driver").
*/}}
{{- define "coinpulse.spark.pod" -}}
{{- $root := .root -}}
labels:
  {{- include "coinpulse.labels" (dict "root" $root "component" "spark") | nindent 2 }}
env:
  {{- include "coinpulse.spark.env" $root | nindent 2 }}
# the root filesystem is read-only: the JVM's /tmp, Spark's work dir and its local dirs (a volume
# named spark-local-dir-* becomes spark.local.dir) are emptyDirs
volumeMounts:
  - name: spark-tmp
    mountPath: /tmp
  - name: spark-work
    mountPath: /opt/spark/work-dir
  - name: spark-local-dir-1
    mountPath: /var/data/spark-local-dir-1
  {{- with include "coinpulse.kafka.caVolumeMount" $root }}
  {{- . | nindent 2 }}
  {{- end }}
podSecurityContext:
  {{- toYaml $root.Values.podSecurityContext | nindent 2 }}
securityContext:
  runAsNonRoot: true
  runAsUser: {{ $root.Values.podSecurityContext.runAsUser }}
  readOnlyRootFilesystem: true
  allowPrivilegeEscalation: false
  capabilities:
    drop: ["ALL"]
{{- end }}

{{/*
The spec of a SparkApplication (also the template of the ScheduledSparkApplication).
Call with (dict "root" $ "arguments" (list "stream") "restartPolicy" (dict ...) "extra" (dict ...)).
*/}}
{{- define "coinpulse.spark.spec" -}}
{{- $root := .root }}
{{- $s := $root.Values.spark -}}
type: Java
mode: cluster
sparkVersion: {{ $s.sparkVersion | quote }}
image: {{ include "coinpulse.image" (dict "root" $root "image" $s.image) }}
imagePullPolicy: {{ $root.Values.image.pullPolicy }}
{{- with $root.Values.image.pullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
mainClass: {{ $s.mainClass }}
# baked into the image: nothing is fetched at submit time
mainApplicationFile: {{ $s.mainApplicationFile }}
arguments:
  {{- toYaml .arguments | nindent 2 }}
restartPolicy:
  {{- toYaml .restartPolicy | nindent 2 }}
{{- with .extra }}
{{ toYaml . }}
{{- end }}
sparkConf:
  spark.sql.session.timeZone: "UTC"
  spark.ui.prometheus.enabled: "true"
  # the streaming query's input and processing rates, latency and watermark in the metrics system
  spark.sql.streaming.metricsEnabled: "true"
  spark.kubernetes.executor.deleteOnTermination: "true"
  spark.hadoop.fs.s3a.impl: "org.apache.hadoop.fs.s3a.S3AFileSystem"
  spark.hadoop.fs.s3a.path.style.access: {{ $s.s3.pathStyleAccess | toString | quote }}
  spark.hadoop.fs.s3a.fast.upload: "true"
  {{- if $s.s3.existingSecret }}
  spark.hadoop.fs.s3a.aws.credentials.provider: "com.amazonaws.auth.EnvironmentVariableCredentialsProvider"
  {{- else }}
  spark.hadoop.fs.s3a.aws.credentials.provider: "com.amazonaws.auth.DefaultAWSCredentialsProviderChain"
  {{- end }}
  {{- with $s.s3.endpoint }}
  spark.hadoop.fs.s3a.endpoint: {{ . | quote }}
  {{- end }}
  {{- range $k, $v := $s.sparkConf }}
  {{ $k }}: {{ $v | toString | quote }}
  {{- end }}
volumes:
  - name: spark-tmp
    emptyDir: {}
  - name: spark-work
    emptyDir: {}
  - name: spark-local-dir-1
    emptyDir: {}
  {{- with include "coinpulse.kafka.caVolume" $root }}
  {{- . | nindent 2 }}
  {{- end }}
{{- if $s.metrics.enabled }}
monitoring:
  exposeDriverMetrics: true
  exposeExecutorMetrics: true
  metricsPropertiesFile: /etc/metrics/conf/metrics.properties
  prometheus:
    jmxExporterJar: /opt/spark/jmx/jmx_prometheus_javaagent.jar
    configFile: /etc/metrics/conf/prometheus.yaml
    port: {{ $s.metrics.port }}
{{- end }}
driver:
  cores: {{ $s.driver.cores }}
  coreLimit: {{ $s.driver.coreLimit | quote }}
  memory: {{ $s.driver.memory | quote }}
  serviceAccount: {{ include "coinpulse.spark.serviceAccount" $root }}
  {{- if $s.metrics.enabled }}
  # the stream's own metrics (input lag, freshness, per-query progress), served by the driver
  ports:
    - name: stream-metrics
      containerPort: {{ $s.metrics.streamPort }}
      protocol: TCP
  {{- end }}
  {{- include "coinpulse.spark.pod" (dict "root" $root) | nindent 2 }}
executor:
  instances: {{ .instances | default $s.executor.instances }}
  cores: {{ $s.executor.cores }}
  memory: {{ $s.executor.memory | quote }}
  {{- include "coinpulse.spark.pod" (dict "root" $root) | nindent 2 }}
{{- end }}
