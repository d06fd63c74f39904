package io.floatchat.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An overlay rendered and read into typed models: fabric8's for Kubernetes, Strimzi's for Kafka, ours
 * for CloudNativePG. A kind without a model, an unexpected apiVersion, or a field a model does not
 * know fails the load: models keep unknown fields aside (additionalProperties) instead of rejecting
 * them, so every object read is walked for such leftovers.
 */
final class Manifests {

    private static final Map<String, Kind> KINDS = Map.ofEntries(
            Map.entry("Deployment", new Kind("apps/v1", Deployment.class)),
            Map.entry("Service", new Kind("v1", Service.class)),
            Map.entry("ConfigMap", new Kind("v1", ConfigMap.class)),
            Map.entry("Ingress", new Kind("networking.k8s.io/v1", Ingress.class)),
            Map.entry("NetworkPolicy", new Kind("networking.k8s.io/v1", NetworkPolicy.class)),
            Map.entry("HorizontalPodAutoscaler", new Kind("autoscaling/v2", HorizontalPodAutoscaler.class)),
            Map.entry("PodDisruptionBudget", new Kind("policy/v1", PodDisruptionBudget.class)),
            Map.entry("Kafka", new Kind("kafka.strimzi.io/v1", Kafka.class)),
            Map.entry("KafkaNodePool", new Kind("kafka.strimzi.io/v1", KafkaNodePool.class)),
            Map.entry("KafkaTopic", new Kind("kafka.strimzi.io/v1", KafkaTopic.class)),
            Map.entry("KafkaUser", new Kind("kafka.strimzi.io/v1", io.strimzi.api.kafka.model.user.KafkaUser.class)));
    private static final Kind CNPG_CLUSTER = new Kind("postgresql.cnpg.io/v1", CloudNativePgCluster.class);

    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final String overlay;
    private final List<Object> objects = new ArrayList<>();

    private Manifests(String overlay) {
        this.overlay = overlay;
    }

    static Manifests of(Path k8sRoot, String overlay) {
        Manifests manifests = new Manifests(overlay);
        for (ObjectNode document : Kustomize.render(k8sRoot.resolve("overlays").resolve(overlay))) {
            manifests.objects.add(manifests.load(document));
        }
        return manifests;
    }

    String overlay() {
        return overlay;
    }

    <T> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return all(type).stream().filter(object -> object.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no " + type.getSimpleName() + " " + name));
    }

    CloudNativePgCluster postgres() {
        List<CloudNativePgCluster> clusters = all(CloudNativePgCluster.class);
        if (clusters.size() != 1) {
            throw new AssertionError(overlay + ": expected one CloudNativePG Cluster, found " + clusters.size());
        }
        return clusters.get(0);
    }

    private Object load(ObjectNode document) {
        String kindName = document.path("kind").asText();
        String name = document.path("metadata").path("name").asText();
        Kind kind = "Cluster".equals(kindName) ? CNPG_CLUSTER : KINDS.get(kindName);
        if (kind == null) {
            throw new AssertionError(overlay + ": " + kindName + "/" + name + " has no model to be checked against");
        }
        if (!kind.apiVersion().equals(document.path("apiVersion").asText())) {
            throw new AssertionError(overlay + ": " + kindName + "/" + name + " should be " + kind.apiVersion()
                    + ", is " + document.path("apiVersion").asText());
        }
        Object object = (kind == CNPG_CLUSTER ? STRICT : LENIENT).convertValue(document, kind.model());
        List<String> unknown = new ArrayList<>();
        findUnknownFields(object, kindName + "/" + name, unknown, new IdentityHashMap<>());
        if (!unknown.isEmpty()) {
            throw new AssertionError(overlay + ": fields the model does not know: " + unknown);
        }
        return object;
    }

    /** Walks the model's getters for additionalProperties left non-empty. */
    private static void findUnknownFields(Object object, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (object == null || seen.put(object, Boolean.TRUE) != null) {
            return;
        }
        if (object instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                findUnknownFields(element, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (object instanceof Map<?, ?> map) {
            map.forEach((key, value) -> findUnknownFields(value, path + "." + key, unknown, seen));
            return;
        }
        String packageName = object.getClass().getPackageName();
        if (!packageName.startsWith("io.fabric8") && !packageName.startsWith("io.strimzi")) {
            return;
        }
        for (Method getter : object.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")
                    || Set.of("getStatus").contains(getter.getName())) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(object);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + " " + extra.keySet());
                }
                continue;
            }
            findUnknownFields(value, path + "." + getter.getName().substring(3), unknown, seen);
        }
    }

    private record Kind(String apiVersion, Class<?> model) {
    }
}
