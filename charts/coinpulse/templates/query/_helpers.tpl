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
