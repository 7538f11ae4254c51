package io.coinpulse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The operators' own CustomResourceDefinitions (../shared/crds/), one JSON Schema per served
 * group/version/kind, taken from spec.versions[].schema.openAPIV3Schema.
 *
 * <p>Validation is as strict as {@code kubectl apply --validate=strict}: an object schema that lists
 * its properties rejects any other field (the API server would prune it silently, which hides typos),
 * unless the schema says x-kubernetes-preserve-unknown-fields. The x-kubernetes-* and nullable
 * keywords are OpenAPI extensions without a JSON Schema meaning; CEL rules
 * (x-kubernetes-validations) are not evaluated here.
 */
final class CrdSchemas {

    private static final List<String> OPENAPI_EXTENSIONS = List.of("nullable", "x-kubernetes-preserve-unknown-fields",
            "x-kubernetes-int-or-string", "x-kubernetes-list-type", "x-kubernetes-list-map-keys",
            "x-kubernetes-map-type", "x-kubernetes-validations", "x-kubernetes-embedded-resource");

    private final String release;
    private final Map<String, JsonSchema> schemas = new HashMap<>();

    private CrdSchemas(String release) {
        this.release = release;
    }

    /** Loads every CRD file of a release directory, e.g. crds/strimzi/1.2.0. */
    static CrdSchemas load(Path dir) {
        JsonMetaSchema meta = JsonMetaSchema.builder("https://coinpulse.io/k8s-openapi-v3", JsonMetaSchema.getV4())
                .keywords(OPENAPI_EXTENSIONS.stream().map(NonValidationKeyword::new).toList())
                .build();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
                b -> b.metaSchema(meta).defaultMetaSchemaIri(meta.getIri()));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(false).build();
        CrdSchemas crds = new CrdSchemas(dir.getParent().getFileName() + " " + dir.getFileName());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode crd = Manifests.YAML.readTree(file.toFile());
                if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
                    continue;
                }
                String group = crd.path("spec").path("group").asText();
                String kind = crd.path("spec").path("names").path("kind").asText();
                for (JsonNode version : crd.path("spec").path("versions")) {
                    if (!version.path("served").asBoolean()) {
                        continue;
                    }
                    ObjectNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
                    strict(schema);
                    schema.put("$schema", meta.getIri());
                    crds.schemas.put(key(group + "/" + version.path("name").asText(), kind),
                            factory.getSchema(schema, config));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (crds.schemas.isEmpty()) {
            throw new IllegalStateException("no CRD in " + dir);
        }
        return crds;
    }

    /** Every object schema with listed properties and no preserve-unknown-fields gets additionalProperties: false. */
    private static void strict(JsonNode schema) {
        if (schema.isObject()) {
            ObjectNode node = (ObjectNode) schema;
            if (node.has("properties") && !node.has("additionalProperties")
                    && !node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                node.put("additionalProperties", false);
            }
        }
        for (Iterator<JsonNode> it = schema.elements(); it.hasNext(); ) {
            strict(it.next());
        }
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + "|" + kind;
    }

    boolean knows(JsonNode object) {
        return schemas.containsKey(key(Manifests.apiVersion(object), Manifests.kind(object)));
    }

    /** The schema violations of one custom resource; an unknown apiVersion/kind is one too. */
    List<String> validate(JsonNode object) {
        JsonSchema schema = schemas.get(key(Manifests.apiVersion(object), Manifests.kind(object)));
        if (schema == null) {
            return List.of(release + " serves no " + Manifests.apiVersion(object) + " " + Manifests.kind(object));
        }
        List<String> errors = new ArrayList<>();
        for (ValidationMessage m : schema.validate(object)) {
            errors.add(release + ": " + m.getMessage());
        }
        return errors;
    }
}
