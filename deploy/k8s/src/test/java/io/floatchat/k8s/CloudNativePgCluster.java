package io.floatchat.k8s;

import java.util.List;
import java.util.Map;

/**
 * The part of CloudNativePG's {@code Cluster} (postgresql.cnpg.io/v1) these manifests use. CloudNativePG
 * publishes no Java model; this one is read strictly (unknown fields fail), so a field added to the
 * manifests must be added here, checked against the operator's API reference, on purpose.
 */
record CloudNativePgCluster(String apiVersion, String kind, Metadata metadata, Spec spec) {

    record Metadata(String name, String namespace, Map<String, String> labels) {
    }

    record Spec(int instances, String imageName, Storage storage, Resources resources, Postgresql postgresql,
                Bootstrap bootstrap, Managed managed, Affinity affinity) {
    }

    record Storage(String size, String storageClass) {
    }

    record Resources(Map<String, String> requests, Map<String, String> limits) {
    }

    record Postgresql(Map<String, String> parameters) {
    }

    record Bootstrap(InitDb initdb) {
    }

    record InitDb(String database, String owner, List<String> postInitApplicationSQL) {
    }

    record Managed(List<Role> roles) {
    }

    record Role(String name, String ensure, boolean login, SecretReference passwordSecret) {
    }

    record SecretReference(String name) {
    }

    record Affinity(boolean enablePodAntiAffinity, String topologyKey) {
    }
}
