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
