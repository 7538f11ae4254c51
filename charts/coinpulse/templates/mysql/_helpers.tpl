{{/*
Name of the MySQL StatefulSet and Service.
*/}}
{{- define "coinpulse.mysql.fullname" -}}
{{- printf "%s-mysql" (include "coinpulse.fullname" .) }}
{{- end }}

{{/*
Secret holding the database password (key: coinpulse.db.passwordKey).
*/}}
{{- define "coinpulse.db.secret" -}}
{{- if .Values.mysql.enabled }}
{{- .Values.mysql.auth.existingSecret | default (include "coinpulse.mysql.fullname" .) }}
{{- else }}
{{- required "externalDatabase.existingSecret is required when mysql.enabled is false" .Values.externalDatabase.existingSecret }}
{{- end }}
{{- end }}

{{- define "coinpulse.db.passwordKey" -}}
{{- if .Values.mysql.enabled }}password{{ else }}{{ .Values.externalDatabase.passwordKey }}{{ end }}
{{- end }}

{{/*
The database environment of query-service and spark-app.
*/}}
{{- define "coinpulse.db.env" -}}
- name: COINPULSE_DB_URL
{{- if .Values.mysql.enabled }}
  value: {{ printf "jdbc:mysql://%s:3306/%s" (include "coinpulse.mysql.fullname" .) .Values.mysql.database | quote }}
- name: COINPULSE_DB_USER
  value: {{ .Values.mysql.auth.username | quote }}
{{- else }}
  value: {{ required "externalDatabase.url is required when mysql.enabled is false" .Values.externalDatabase.url | quote }}
- name: COINPULSE_DB_USER
  value: {{ .Values.externalDatabase.user | quote }}
{{- end }}
- name: COINPULSE_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "coinpulse.db.secret" . }}
      key: {{ include "coinpulse.db.passwordKey" . }}
{{- end }}

{{/*
NetworkPolicy egress rule towards the database.
*/}}
{{- define "coinpulse.db.egress" -}}
{{- if .Values.mysql.enabled -}}
- to:
    - podSelector:
        matchLabels:
          {{- include "coinpulse.selectorLabels" (dict "root" . "component" "mysql") | nindent 10 }}
  ports:
    - port: 3306
      protocol: TCP
{{- else -}}
- ports:
    - port: {{ .Values.externalDatabase.port }}
      protocol: TCP
{{- end }}
{{- end }}

{{/*
Egress to the cluster DNS: the DNS pods (networkPolicy.dns selectors) and the ipBlocks of node-local
caches (NodeLocal DNSCache listens on a link-local address no pod selector matches).
*/}}
{{- define "coinpulse.dns.egress" -}}
{{- $dns := .Values.networkPolicy.dns -}}
- to:
    - namespaceSelector:
        {{- toYaml $dns.namespaceSelector | nindent 8 }}
      podSelector:
        {{- toYaml $dns.podSelector | nindent 8 }}
    {{- range $dns.ipBlocks }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
  ports:
    {{- range $dns.ports }}
    - port: {{ . }}
      protocol: UDP
    - port: {{ . }}
      protocol: TCP
    {{- end }}
{{- end }}
