{{/*
Chart name, truncated to 63 characters (DNS label).
*/}}
{{- define "coinpulse.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name that prefixes every object: the release name, plus the chart name unless the release
name already contains it. Kept short enough for the suffixes Strimzi adds to the Kafka cluster name.
*/}}
{{- define "coinpulse.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "coinpulse.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels of one component: name, instance and component only (immutable selectors).
Call with (dict "root" $ "component" "query").
*/}}
{{- define "coinpulse.selectorLabels" -}}
app.kubernetes.io/name: {{ include "coinpulse.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
All labels of one component's objects. Call with (dict "root" $ "component" "query").
*/}}
{{- define "coinpulse.labels" -}}
helm.sh/chart: {{ include "coinpulse.chart" .root }}
{{ include "coinpulse.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: coinpulse
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
A coinpulse image: registry/repository:tag, the tag defaulting to image.tag, then the appVersion.
Call with (dict "root" $ "image" .Values.query.image).
*/}}
{{- define "coinpulse.image" -}}
{{- $tag := .image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion }}
{{- if .root.Values.image.registry }}
{{- printf "%s/%s:%s" .root.Values.image.registry .image.repository $tag }}
{{- else }}
{{- printf "%s:%s" .image.repository $tag }}
{{- end }}
{{- end }}

{{/*
imagePullSecrets of a pod spec.
*/}}
{{- define "coinpulse.imagePullSecrets" -}}
{{- with .Values.image.pullSecrets -}}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end }}

{{/*
A credential: the inline value, else a random one (32 alphanumerics).
*/}}
{{- define "coinpulse.secretValue" -}}
{{- .value | default (randAlphaNum 32) }}
{{- end }}

{{/*
The Quarkus management interface (quarkus.management.enabled): health and /q/metrics on their own
port, so the API port can be public while probes and scrapes stay NetworkPolicy-scoped.
*/}}
{{- define "coinpulse.managementPort" -}}9000{{- end }}

{{/*
Container ports of a Quarkus service: the HTTP port and the management port.
*/}}
{{- define "coinpulse.quarkus.ports" -}}
- name: http
  containerPort: 8080
- name: management
  containerPort: {{ include "coinpulse.managementPort" . }}
{{- end }}

{{/*
Startup, liveness and readiness probes of a Quarkus service on the management port.
Call with (dict "startupFailures" 24).
*/}}
{{- define "coinpulse.quarkus.probes" -}}
startupProbe:
  httpGet:
    path: /q/health/started
    port: management
  periodSeconds: 5
  failureThreshold: {{ .startupFailures }}
livenessProbe:
  httpGet:
    path: /q/health/live
    port: management
  periodSeconds: 10
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /q/health/ready
    port: management
  periodSeconds: 10
  failureThreshold: 3
{{- end }}

{{/*
Ingress rule admitting the metrics scrapers to the management port.
*/}}
{{- define "coinpulse.management.ingress" -}}
- from:
    {{- toYaml .Values.networkPolicy.metricsFrom | nindent 4 }}
  ports:
    - port: {{ include "coinpulse.managementPort" . }}
      protocol: TCP
{{- end }}

{{/*
ServiceAccount annotations (cloud identities: IRSA, GKE/Azure workload identity). Call with the annotations map.
*/}}
{{- define "coinpulse.serviceAccount.annotations" -}}
{{- with . }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
