{{/*
Name of ingest-service's objects.
*/}}
{{- define "coinpulse.ingest.fullname" -}}
{{- printf "%s-ingest" (include "coinpulse.fullname" .) }}
{{- end }}

{{/*
Secret with the source API keys: the existing one, or the release's when keys are given inline.
*/}}
{{- define "coinpulse.ingest.apiKeysSecret" -}}
{{- $k := .Values.ingest.apiKeys }}
{{- if $k.existingSecret }}
{{- $k.existingSecret }}
{{- else if or $k.coincap $k.coinapi $k.coingecko }}
{{- printf "%s-api-keys" (include "coinpulse.ingest.fullname" .) }}
{{- end }}
{{- end }}
