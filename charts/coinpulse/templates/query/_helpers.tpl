{{/*
Name of query-service's objects.
*/}}
{{- define "coinpulse.query.fullname" -}}
{{- printf "%s-query" (include "coinpulse.fullname" .) }}
{{- end }}

{{/*
In-cluster base URL of the API.
*/}}
{{- define "coinpulse.query.url" -}}
{{- printf "http://%s.%s.svc:%v" (include "coinpulse.query.fullname" .) .Release.Namespace .Values.query.service.port }}
{{- end }}

{{/*
Secret with the API keys: the existing one, or the release's when keys are given inline.
*/}}
{{- define "coinpulse.query.apiKeysSecret" -}}
{{- if .Values.query.apiKeys.existingSecret }}
{{- .Values.query.apiKeys.existingSecret }}
{{- else if .Values.query.apiKeys.keys }}
{{- printf "%s-api-keys" (include "coinpulse.query.fullname" .) }}
{{- end }}
{{- end }}

{{/*
COINPULSE_RETENTION_* of the retention values that are set (empty: query-service's default).
*/}}
{{- define "coinpulse.query.retentionEnv" -}}
{{- $vars := dict "streamBatches" "STREAM_BATCHES" "windows1m" "WINDOWS_1M" "windowsDefault" "WINDOWS_DEFAULT"
    "indicators" "INDICATORS" "alerts" "ALERTS" "movers" "MOVERS" }}
{{- range $key, $suffix := $vars }}
{{- with index $.Values.retention $key }}
- name: COINPULSE_RETENTION_{{ $suffix }}
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- end }}
