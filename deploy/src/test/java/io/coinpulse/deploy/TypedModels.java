package io.coinpulse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses objects into their typed Java models: fabric8 for the core kinds and the Prometheus
 * Operator's monitors, io.strimzi:api for the Strimzi kinds. A field the model does not know lands in
 * an "additionalProperties" map; any such field anywhere in the object is reported, so a misspelt or
 * misplaced field fails the same way it would under kubectl's strict field validation.
 */
final class TypedModels {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static final Map<String, Class<? extends HasMetadata>> STRIMZI = Map.of(
            "Kafka", Kafka.class,
            "KafkaNodePool", KafkaNodePool.class,
            "KafkaTopic", KafkaTopic.class,
            "KafkaUser", KafkaUser.class);

    private TypedModels() {
    }

    /** The typed model of an object, or an AssertionError saying why there is none. */
    static HasMetadata parse(JsonNode object) {
        String apiVersion = Manifests.apiVersion(object);
        if (apiVersion.startsWith("kafka.strimzi.io/")) {
            Class<? extends HasMetadata> type = STRIMZI.get(Manifests.kind(object));
            if (type == null) {
                throw new AssertionError("no Strimzi model for " + Manifests.id(object));
            }
            return SERIALIZATION.convertValue(object, type);
        }
        HasMetadata typed = SERIALIZATION.convertValue(object, HasMetadata.class);
        if (typed instanceof GenericKubernetesResource) {
            throw new AssertionError("no typed model for " + apiVersion + " " + Manifests.kind(object));
        }
        return typed;
    }

    /** The metadata of any object (also custom resources without a Java model), parsed strictly. */
    static ObjectMeta metadata(JsonNode object) {
        return SERIALIZATION.convertValue(object.path("metadata"), ObjectMeta.class);
    }

    /** Paths of the fields the model did not recognise. */
    static List<String> unknownFields(Object model) {
        List<String> unknown = new ArrayList<>();
        walk(model, "", unknown, new IdentityHashMap<>());
        return unknown;
    }

    private static void walk(Object value, String path, List<String> unknown, IdentityHashMap<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, unknown, seen));
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        String type = value.getClass().getName();
        if (!type.startsWith("io.fabric8.") && !type.startsWith("io.strimzi.")) {
            return;
        }
        for (Method m : value.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = m.getName();
            try {
                if (name.equals("getAdditionalProperties")) {
                    Object extra = m.invoke(value);
                    if (extra instanceof Map<?, ?> map && !map.isEmpty()) {
                        map.keySet().forEach(k -> unknown.add(path + "." + k));
                    }
                } else if (name.startsWith("get") && name.length() > 3 && !m.getReturnType().isPrimitive()
                        && !m.getReturnType().isEnum() && m.getReturnType() != String.class
                        && !name.equals("getPlural") && !name.equals("getSingular") && !name.equals("getCRDName")
                        && !name.equals("getKind") && !name.equals("getApiVersion")) {
                    walk(m.invoke(value), path + "." + Character.toLowerCase(name.charAt(3)) + name.substring(4),
                            unknown, seen);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // a derived getter that cannot answer on this object: not a field
            }
        }
    }
}
