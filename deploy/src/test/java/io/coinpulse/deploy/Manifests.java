package io.coinpulse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** A set of rendered Kubernetes objects (multi-document YAML), with look-ups the checks need. */
final class Manifests {

    static final ObjectMapper YAML = new YAMLMapper();

    private final String origin;
    private final List<ObjectNode> objects;

    private Manifests(String origin, List<ObjectNode> objects) {
        this.origin = origin;
        this.objects = List.copyOf(objects);
    }

    /** Parses every document of a multi-document YAML text; empty documents are skipped. */
    static Manifests parse(String origin, String yaml) {
        List<ObjectNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var docs = YAML.readValues(parser, JsonNode.class);
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                if (!doc.isObject()) {
                    throw new IllegalArgumentException(origin + ": a document is not an object: " + doc);
                }
                objects.add((ObjectNode) doc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(origin + ": not YAML", e);
        }
        return new Manifests(origin, objects);
    }

    static Manifests read(Path file) {
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Manifests concat(String origin, List<Manifests> parts) {
        List<ObjectNode> all = new ArrayList<>();
        parts.forEach(p -> all.addAll(p.objects));
        return new Manifests(origin, all);
    }

    String origin() {
        return origin;
    }

    List<ObjectNode> all() {
        return objects;
    }

    List<ObjectNode> ofKind(String kind) {
        return select(o -> kind.equals(kind(o)));
    }

    List<ObjectNode> select(Predicate<ObjectNode> predicate) {
        return objects.stream().filter(predicate).toList();
    }

    Optional<ObjectNode> find(String kind, String name) {
        return objects.stream().filter(o -> kind.equals(kind(o)) && name.equals(name(o))).findFirst();
    }

    ObjectNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(origin + ": no " + kind + " " + name
                + " among " + objects.stream().map(Manifests::id).toList()));
    }

    static String kind(JsonNode o) {
        return o.path("kind").asText();
    }

    static String apiVersion(JsonNode o) {
        return o.path("apiVersion").asText();
    }

    static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    static String id(JsonNode o) {
        return kind(o) + "/" + name(o);
    }
}
