package io.floatchat.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.zjsonpatch.JsonPatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Renders a kustomization as {@code kubectl apply -k} would, for the subset of Kustomize this
 * repository uses: {@code resources} (files and directories), {@code images}, {@code patches} (JSON 6902
 * operations on one target by kind and name) and {@code namespace}. Any other field fails the render
 * instead of being ignored, so the test never checks something other than what a cluster receives.
 */
final class Kustomize {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "images", "patches", "namespace");
    private static final ObjectMapper YAML = new YAMLMapper();

    private Kustomize() {
    }

    static List<ObjectNode> render(Path directory) {
        JsonNode kustomization = readOne(directory.resolve("kustomization.yaml"));
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!SUPPORTED.contains(field)) {
                throw new IllegalStateException(directory + ": kustomization field '" + field + "' is not supported here");
            }
        });
        List<ObjectNode> resources = new ArrayList<>();
        for (JsonNode entry : kustomization.path("resources")) {
            Path resource = directory.resolve(entry.asText()).normalize();
            resources.addAll(Files.isDirectory(resource) ? render(resource) : readAll(resource));
        }
        for (JsonNode image : kustomization.path("images")) {
            resources.forEach(resource -> setImage(resource, image));
        }
        for (JsonNode patch : kustomization.path("patches")) {
            applyPatch(directory, resources, patch);
        }
        if (kustomization.hasNonNull("namespace")) {
            String namespace = kustomization.get("namespace").asText();
            resources.forEach(resource -> ((ObjectNode) resource.withObject("/metadata")).put("namespace", namespace));
        }
        return resources;
    }

    private static void setImage(ObjectNode resource, JsonNode image) {
        for (JsonNode container : resource.path("spec").path("template").path("spec").path("containers")) {
            String current = container.path("image").asText();
            String name = current.contains(":") ? current.substring(0, current.lastIndexOf(':')) : current;
            if (name.equals(image.path("name").asText())) {
                String newName = image.path("newName").asText(name);
                String tag = image.hasNonNull("newTag") ? ":" + image.get("newTag").asText()
                        : current.substring(name.length());
                ((ObjectNode) container).put("image", newName + tag);
            }
        }
    }

    private static void applyPatch(Path directory, List<ObjectNode> resources, JsonNode patch) {
        String kind = patch.path("target").path("kind").asText(null);
        String name = patch.path("target").path("name").asText(null);
        if (kind == null || name == null || !patch.hasNonNull("patch")) {
            throw new IllegalStateException(directory + ": a patch needs target.kind, target.name and patch: " + patch);
        }
        List<Integer> matches = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            JsonNode resource = resources.get(i);
            if (resource.path("kind").asText().equals(kind) && resource.path("metadata").path("name").asText().equals(name)) {
                matches.add(i);
            }
        }
        if (matches.size() != 1) {
            throw new IllegalStateException(directory + ": patch target " + kind + "/" + name + " matches " + matches.size());
        }
        JsonNode operations;
        try {
            operations = YAML.readTree(patch.get("patch").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!(operations instanceof ArrayNode)) {
            throw new IllegalStateException(directory + ": only JSON 6902 patches (a list of operations) are supported");
        }
        int index = matches.get(0);
        resources.set(index, (ObjectNode) JsonPatch.apply(operations, resources.get(index)));
    }

    private static JsonNode readOne(Path file) {
        List<ObjectNode> documents = readAll(file);
        if (documents.size() != 1) {
            throw new IllegalStateException(file + " should hold one document");
        }
        return documents.get(0);
    }

    static List<ObjectNode> readAll(Path file) {
        List<ObjectNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class)
                .readValues(new YAMLFactory().createParser(file.toFile()))) {
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                if (document instanceof ObjectNode object && !object.isEmpty()) {
                    documents.add(object);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
        return documents;
    }
}
