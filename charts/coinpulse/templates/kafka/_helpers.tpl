{{/*
Name of the Strimzi Kafka cluster (Strimzi derives <cluster>-kafka-bootstrap, <cluster>-cluster-ca-cert).
*/}}
{{- define "coinpulse.kafka.cluster" -}}
{{- include "coinpulse.fullname" . }}
{{- end }}

{{/*
Bootstrap servers every component uses.
*/}}
{{- define "coinpulse.kafka.bootstrap" -}}
{{- if .Values.kafka.enabled }}
{{- printf "%s-kafka-bootstrap:9093" (include "coinpulse.kafka.cluster" .) }}
{{- else }}
{{- required "kafka.external.bootstrapServers is required when kafka.enabled is false" .Values.kafka.external.bootstrapServers }}
{{- end }}
{{- end }}

{{/*
Name of a component's KafkaUser (Strimzi writes its Secret under the same name).
Call with (dict "root" $ "component" "ingest").
*/}}
{{- define "coinpulse.kafka.user" -}}
{{- printf "%s-%s" (include "coinpulse.fullname" .root) .component }}
{{- end }}

{{/*
Does the Kafka client need a CA file (TLS)?
*/}}
{{- define "coinpulse.kafka.caSecret" -}}
{{- if .Values.kafka.enabled }}
{{- printf "%s-cluster-ca-cert" (include "coinpulse.kafka.cluster" .) }}
{{- else if and (has .Values.kafka.external.securityProtocol (list "SSL" "SASL_SSL")) .Values.kafka.external.caSecret.name }}
{{- .Values.kafka.external.caSecret.name }}
{{- end }}
{{- end }}

{{/*
The Kafka client environment of a component: bootstrap, protocol, SASL (JAAS line from a Secret),
trust store (PEM CA mounted at /etc/coinpulse/kafka-ca). Call with (dict "root" $ "component" "ingest").
*/}}
{{- define "coinpulse.kafka.env" -}}
{{- $root := .root }}
{{- $k := $root.Values.kafka -}}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ include "coinpulse.kafka.bootstrap" $root | quote }}
{{- if $k.enabled }}
- name: KAFKA_SECURITY_PROTOCOL
  value: SASL_SSL
- name: KAFKA_SASL_MECHANISM
  value: SCRAM-SHA-512
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ include "coinpulse.kafka.user" . }}
      key: sasl.jaas.config
{{- else }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ $k.external.securityProtocol }}
{{- if has $k.external.securityProtocol (list "SASL_PLAINTEXT" "SASL_SSL") }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $k.external.saslMechanism }}
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.external.existingSecret is required with a SASL security protocol" $k.external.existingSecret }}
      key: sasl.jaas.config
{{- end }}
{{- end }}
{{- if include "coinpulse.kafka.caSecret" $root }}
- name: KAFKA_SSL_TRUSTSTORE_TYPE
  value: PEM
- name: KAFKA_SSL_TRUSTSTORE_LOCATION
  value: /etc/coinpulse/kafka-ca/ca.crt
{{- end }}
{{- end }}

{{/*
The CA volume (when TLS is used).
*/}}
{{- define "coinpulse.kafka.caVolume" -}}
{{- with include "coinpulse.kafka.caSecret" . -}}
- name: kafka-ca
  secret:
    secretName: {{ . }}
    items:
      - key: {{ if $.Values.kafka.enabled }}ca.crt{{ else }}{{ $.Values.kafka.external.caSecret.key }}{{ end }}
        path: ca.crt
{{- end }}
{{- end }}

{{/*
The CA volume mount (when TLS is used).
*/}}
{{- define "coinpulse.kafka.caVolumeMount" -}}
{{- if include "coinpulse.kafka.caSecret" . -}}
- name: kafka-ca
  mountPath: /etc/coinpulse/kafka-ca
  readOnly: true
{{- end }}
{{- end }}

{{/*
NetworkPolicy egress rule towards Kafka.
*/}}
{{- define "coinpulse.kafka.egress" -}}
{{- if .Values.kafka.enabled -}}
- to:
    - podSelector:
        matchLabels:
          strimzi.io/cluster: {{ include "coinpulse.kafka.cluster" . }}
          strimzi.io/kind: Kafka
  ports:
    - port: 9093
      protocol: TCP
{{- else -}}
- ports:
  {{- range .Values.kafka.external.ports }}
    - port: {{ . }}
      protocol: TCP
  {{- end }}
{{- end }}
{{- end }}
