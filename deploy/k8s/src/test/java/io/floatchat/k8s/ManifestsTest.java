package io.floatchat.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.floatchat.common.events.Topics;
import io.floatchat.local.PlatformService;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Every overlay, rendered and read into typed models, keeps the platform's deployment invariants. */
class ManifestsTest {

    private static final Path K8S = Path.of("").toAbsolutePath();
    private static final Path REPOSITORY = K8S.getParent().getParent();

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceHasProbesLimitsAndALockedDownContainer(String overlay) {
        Manifests manifests = Manifests.of(K8S, overlay);
        for (PlatformService service : PlatformService.values()) {
            Deployment deployment = manifests.named(Deployment.class, service.serviceName());
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getContainers()).as(service.serviceName()).hasSize(1);
            Container container = pod.getContainers().get(0);
            String what = overlay + " " + service.serviceName();

            assertHealthProbe(container.getStartupProbe(), "/q/health/started", what);
            assertHealthProbe(container.getReadinessProbe(), "/q/health/ready", what);
            assertHealthProbe(container.getLivenessProbe(), "/q/health/live", what);

            assertThat(container.getResources().getRequests()).as(what).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).as(what).containsKeys("cpu", "memory");

            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(what).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(what).isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).as(what).isFalse();
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(what).isFalse();
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(what).isTrue();
            assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(what).containsExactly("ALL");
            assertThat(container.getImage()).as(what).isEqualTo("floatchat/" + service.serviceName() + ":0.1.0");

            // a read-only root needs a writable /tmp (JVM, Vert.x cache, multipart uploads)
            VolumeMount tmp = container.getVolumeMounts().stream().filter(mount -> mount.getMountPath().equals("/tmp"))
                    .findFirst().orElseThrow(() -> new AssertionError(what + ": no /tmp mount"));
            assertThat(volume(pod, tmp.getName()).getEmptyDir()).as(what).isNotNull();

            Service exposed = manifests.named(Service.class, service.serviceName());
            assertThat(exposed.getSpec().getSelector()).as(what).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .as(what).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/part-of", "floatchat");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyVariableAServiceNeedsIsProvidedAndEverySecretIsCreatedByTheScript(String overlay) throws IOException {
        Manifests manifests = Manifests.of(K8S, overlay);
        String createSecrets = Files.readString(K8S.resolve("create-secrets.sh"));
        for (PlatformService service : PlatformService.values()) {
            Deployment deployment = manifests.named(Deployment.class, service.serviceName());
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().get(0);
            Set<String> provided = new HashSet<>();
            container.getEnv().forEach(variable -> provided.add(variable.getName()));
            container.getEnvFrom().forEach(source -> provided.addAll(
                    manifests.named(ConfigMap.class, source.getConfigMapRef().getName()).getData().keySet()));
            assertThat(provided).as(overlay + " " + service.serviceName()).containsAll(service.requiredVariables());

            for (EnvVar variable : container.getEnv()) {
                if (variable.getValueFrom() != null && !Boolean.TRUE.equals(variable.getValueFrom().getSecretKeyRef().getOptional())) {
                    String secret = variable.getValueFrom().getSecretKeyRef().getName();
                    boolean byUserOperator = manifests.all(KafkaUser.class).stream()
                            .anyMatch(user -> user.getMetadata().getName().equals(secret))
                            && variable.getValueFrom().getSecretKeyRef().getKey().equals("sasl.jaas.config");
                    if (!byUserOperator) {
                        assertCreatedByScript(secret, createSecrets);
                    }
                }
                if (variable.getName().endsWith("_LOCATION")) {
                    assertFileFromSecret(pod, container, variable.getValue(), overlay + " " + variable.getName());
                }
                if (variable.getName().startsWith("FLOATCHAT_UPSTREAM_") || variable.getName().endsWith("_USERS_URL")) {
                    String host = URI.create(variable.getValue()).getHost();
                    assertThat(manifests.named(Service.class, host)).as(variable.getName()).isNotNull();
                }
            }
            pod.getVolumes().stream().filter(volume -> volume.getSecret() != null)
                    .forEach(volume -> assertCreatedByScript(volume.getSecret().getSecretName(), createSecrets));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyTopicInTheCodeHasAKafkaTopicAndNoOtherExists(String overlay) {
        Manifests manifests = Manifests.of(K8S, overlay);
        Set<String> inCode = Topics.ALL;
        Kafka kafka = manifests.all(Kafka.class).get(0);
        List<KafkaTopic> topics = manifests.all(KafkaTopic.class);
        assertThat(topics).extracting(topic -> topic.getSpec().getTopicName()).containsExactlyInAnyOrderElementsOf(inCode);
        for (KafkaTopic topic : topics) {
            assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", kafka.getMetadata().getName());
            assertThat(topic.getSpec().getPartitions()).isPositive();
            assertThat(topic.getSpec().getConfig()).containsKey("retention.ms");
        }
        assertThat(kafka.getSpec().getKafka().getConfig()).containsEntry("auto.create.topics.enable", false);
        // what the producers send (max.request.size, common's config) the broker and every topic take
        assertThat(kafka.getSpec().getKafka().getConfig()).containsEntry("message.max.bytes", Topics.MOST_RECORD_BYTES);
        for (KafkaTopic topic : topics) {
            assertThat(topic.getSpec().getConfig()).as(topic.getSpec().getTopicName()).doesNotContainKey("max.message.bytes");
        }
        assertThat(topics).filteredOn(topic -> topic.getSpec().getTopicName().equals(Topics.TENANTS))
                .singleElement().satisfies(tenants -> assertThat(tenants.getSpec().getConfig())
                        .containsEntry("cleanup.policy", "compact"));
        assertThat(manifests.named(ConfigMap.class, "floatchat-config").getData().get("KAFKA_BOOTSTRAP_SERVERS"))
                .startsWith(kafka.getMetadata().getName() + "-kafka-bootstrap:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noWorkTopicKeepsARecordLongerThanItsConsumersRememberWhatTheyApplied(String overlay) {
        // consumers forget the events they applied after Topics.WORK_TOPIC_RETENTION and a day (IdempotencyKeys)
        for (KafkaTopic topic : Manifests.of(K8S, overlay).all(KafkaTopic.class)) {
            String name = topic.getSpec().getTopicName();
            boolean work = !name.contains(".dlq.") && !"compact".equals(topic.getSpec().getConfig().get("cleanup.policy"));
            if (work) {
                assertThat(Long.parseLong(topic.getSpec().getConfig().get("retention.ms").toString())).as(name)
                        .isLessThanOrEqualTo(Topics.WORK_TOPIC_RETENTION.toMillis());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheGatewayIsReachableFromOutsideAndServicesOnlyFromTheGateway(String overlay) {
        Manifests manifests = Manifests.of(K8S, overlay);
        List<NetworkPolicy> policies = manifests.all(NetworkPolicy.class);
        NetworkPolicy defaultDeny = manifests.named(NetworkPolicy.class, "floatchat-default-deny");
        assertThat(defaultDeny.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/part-of", "floatchat");
        assertThat(defaultDeny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(defaultDeny.getSpec().getIngress()).isEmpty();

        for (PlatformService service : PlatformService.values()) {
            String name = service.serviceName();
            List<NetworkPolicyPeer> allowedFrom = policies.stream()
                    .filter(policy -> selects(policy, name))
                    .flatMap(policy -> policy.getSpec().getIngress().stream())
                    .flatMap(rule -> rule.getFrom().stream()).toList();
            assertThat(allowedFrom).as(overlay + " " + name + " has an ingress policy").isNotEmpty();
            for (NetworkPolicyPeer peer : allowedFrom) {
                assertThat(peer.getIpBlock()).as(name).isNull();
                if (peer.getNamespaceSelector() != null) {
                    String namespace = peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name");
                    Set<String> allowed = service == PlatformService.GATEWAY ? Set.of("ingress-nginx", "monitoring") : Set.of("monitoring");
                    assertThat(namespace).as(name + " reachable from namespace").isIn(allowed);
                } else {
                    String from = peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name");
                    Set<String> allowed = service == PlatformService.USERS ? Set.of("gateway", "broadcast-service") : Set.of("gateway");
                    assertThat(service).as(name + " reachable from pods").isNotEqualTo(PlatformService.GATEWAY);
                    assertThat(from).as(name + " reachable from pods").isIn(allowed);
                }
            }
        }
        for (Ingress ingress : manifests.all(Ingress.class)) {
            ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path ->
                    assertThat(path.getBackend().getService().getName()).isEqualTo("gateway")));
        }
        assertThat(manifests.all(Service.class)).allSatisfy(service ->
                assertThat(service.getSpec().getType()).isIn(null, "ClusterIP"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceLogsInWithItsOwnRoleIntoTheSchemaItMigrates(String overlay) throws IOException {
        Manifests manifests = Manifests.of(K8S, overlay);
        CloudNativePgCluster postgres = manifests.postgres();
        String createSecrets = Files.readString(K8S.resolve("create-secrets.sh"));
        List<String> sql = postgres.spec().bootstrap().initdb().postInitApplicationSQL();
        assertThat(manifests.named(ConfigMap.class, "floatchat-config").getData().get("QUARKUS_DATASOURCE_JDBC_URL"))
                .isEqualTo("jdbc:postgresql://" + postgres.metadata().name() + "-rw:5432/" + postgres.spec().bootstrap().initdb().database());
        for (PlatformService service : PlatformService.values()) {
            Container container = manifests.named(Deployment.class, service.serviceName()).getSpec().getTemplate().getSpec()
                    .getContainers().get(0);
            String secret = container.getEnv().stream().filter(variable -> variable.getName().equals("QUARKUS_DATASOURCE_USERNAME"))
                    .findFirst().orElseThrow().getValueFrom().getSecretKeyRef().getName();
            String suffix = secret.substring("floatchat-db-".length());
            String role = "fc_" + suffix;
            assertThat(createSecrets).contains("--from-literal=username=\"fc_$service\"");
            CloudNativePgCluster.Role managed = postgres.spec().managed().roles().stream()
                    .filter(candidate -> candidate.name().equals(role)).findFirst()
                    .orElseThrow(() -> new AssertionError(overlay + ": no managed role " + role));
            assertThat(managed.login()).isTrue();
            assertThat(managed.passwordSecret().name()).isEqualTo(secret);

            String schema = flywaySchemaOf(service);
            assertThat(sql).as(service.serviceName()).contains("CREATE SCHEMA " + schema + " AUTHORIZATION " + role,
                    "ALTER ROLE " + role + " SET search_path = " + schema);
        }
        assertThat(sql).contains("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev"})
    void devRunsOneOfEverything(String overlay) {
        Manifests manifests = Manifests.of(K8S, overlay);
        assertThat(manifests.all(Deployment.class)).allSatisfy(deployment ->
                assertThat(deployment.getSpec().getReplicas()).isEqualTo(1));
        assertThat(manifests.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(manifests.all(Deployment.class)).allSatisfy(deployment ->
                assertThat(deployment.getMetadata().getNamespace()).isEqualTo("floatchat-dev"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod"})
    void prodScalesTheGatewayAndBroadcastAndKeepsThemAvailable(String overlay) {
        Manifests manifests = Manifests.of(K8S, overlay);
        for (String name : List.of("gateway", "broadcast-service")) {
            Deployment deployment = manifests.named(Deployment.class, name);
            assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
            HorizontalPodAutoscaler autoscaler = manifests.named(HorizontalPodAutoscaler.class, name);
            assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(name);
            assertThat(autoscaler.getSpec().getMinReplicas()).isEqualTo(3);
            assertThat(autoscaler.getSpec().getMaxReplicas()).isGreaterThan(3);
            assertThat(deployment.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                    .getPreferredDuringSchedulingIgnoredDuringExecution()).isNotEmpty();
        }
        for (PlatformService service : PlatformService.values()) {
            Deployment deployment = manifests.named(Deployment.class, service.serviceName());
            PodDisruptionBudget budget = manifests.named(PodDisruptionBudget.class, service.serviceName());
            assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
            assertThat(budget.getSpec().getMinAvailable().getIntVal()).isLessThan(deployment.getSpec().getReplicas());
        }
        Kafka kafka = manifests.all(Kafka.class).get(0);
        assertThat(kafka.getSpec().getKafka().getConfig()).containsEntry("default.replication.factor", 3)
                .containsEntry("min.insync.replicas", 2);
        assertThat(manifests.all(io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class).get(0).getSpec().getReplicas()).isEqualTo(3);
        assertThat(manifests.postgres().spec().instances()).isEqualTo(3);
    }

    private static void assertHealthProbe(Probe probe, String path, String what) {
        assertThat(probe).as(what + " " + path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(what).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as(what).isEqualTo("http");
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(volume -> volume.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static void assertFileFromSecret(PodSpec pod, Container container, String file, String what) {
        Path path = Path.of(file);
        VolumeMount mount = container.getVolumeMounts().stream()
                .filter(candidate -> path.getParent().equals(Path.of(candidate.getMountPath()))).findFirst()
                .orElseThrow(() -> new AssertionError(what + ": nothing mounted at " + path.getParent()));
        Volume volume = volume(pod, mount.getName());
        assertThat(volume.getSecret()).as(what).isNotNull();
        assertThat(volume.getSecret().getItems()).as(what)
                .anySatisfy(item -> assertThat(item.getPath()).isEqualTo(path.getFileName().toString()));
    }

    private static void assertCreatedByScript(String secret, String script) {
        boolean literal = script.contains(" " + secret + " ") || script.contains(" " + secret + "\n")
                || script.contains("exists " + secret + " ");
        boolean perService = secret.startsWith("floatchat-db-") && script.contains("\"floatchat-db-$service\"")
                && script.contains("for service in gateway users conversations broadcast trigger")
                && Set.of("gateway", "users", "conversations", "broadcast", "trigger").contains(secret.substring(13));
        assertThat(literal || perService).as("create-secrets.sh creates " + secret).isTrue();
    }

    private static boolean selects(NetworkPolicy policy, String service) {
        var selector = policy.getSpec().getPodSelector();
        Map<String, String> labels = selector.getMatchLabels();
        if (labels != null && service.equals(labels.get("app.kubernetes.io/name"))) {
            return true;
        }
        return selector.getMatchExpressions() != null && selector.getMatchExpressions().stream().anyMatch(expression ->
                expression.getKey().equals("app.kubernetes.io/name") && expression.getOperator().equals("In")
                        && expression.getValues().contains(service));
    }

    private static String flywaySchemaOf(PlatformService service) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(REPOSITORY.resolve(service.serviceName())
                .resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        return Objects.requireNonNull(properties.getProperty("quarkus.flyway.schemas"), service.serviceName());
    }

    // --- the spec: who may write what. Not derivable from code (the outbox writes whatever topic a row
    //     names), so this table is the contract; reads are derived from application.properties. ---
    private static final String EVENT_PRODUCER = "event-producer";

    private static final Map<PlatformService, Set<String>> WRITES = Map.of(
            PlatformService.GATEWAY, Set.of(Topics.APIKEY_EVENTS, Topics.TENANTS),
            PlatformService.USERS, Set.of(Topics.MESSAGES_DLQ, Topics.USER_ATTRIBUTES_DLQ),
            PlatformService.CONVERSATIONS, Set.of(Topics.MESSAGES, Topics.MESSAGES_DLQ),
            PlatformService.BROADCAST, Set.of(Topics.MESSAGES, Topics.BROADCAST_DISPATCH, Topics.BROADCAST_EVENTS,
                    Topics.MESSAGES_DLQ),
            PlatformService.TRIGGER, Set.of(Topics.USER_ATTRIBUTES, Topics.BROADCAST_REQUESTS, Topics.TRIGGER_EVENTS_DLQ));

    /** What systems outside the platform may append to, and nothing else. */
    private static final Set<String> OUTSIDE_WRITES = Set.of(Topics.MESSAGES, Topics.USER_ATTRIBUTES, Topics.TRIGGER_EVENTS);

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaRequiresEveryClientToLogInAndAuthorizesByAcl(String overlay) {
        Manifests manifests = Manifests.of(K8S, overlay);
        Kafka kafka = manifests.all(Kafka.class).get(0);
        for (GenericKafkaListener listener : kafka.getSpec().getKafka().getListeners()) {
            assertThat(listener.getAuth()).as(overlay + " listener " + listener.getName())
                    .isInstanceOf(KafkaListenerAuthenticationScramSha512.class);
        }
        assertThat(kafka.getSpec().getKafka().getAuthorization()).as(overlay).isInstanceOf(KafkaAuthorizationSimple.class);
        // no back door: nobody but Strimzi's own components bypasses the ACLs
        assertThat(((KafkaAuthorizationSimple) kafka.getSpec().getKafka().getAuthorization()).getSuperUsers())
                .as(overlay + " super users").isNullOrEmpty();
        assertThat(kafka.getSpec().getKafka().getConfig()).doesNotContainKey("allow.everyone.if.no.acl.found");
        // KafkaUsers are reconciled by the User Operator only
        assertThat(kafka.getSpec().getEntityOperator().getUserOperator()).as(overlay + " user operator").isNotNull();

        ConfigMap config = manifests.named(ConfigMap.class, "floatchat-config");
        assertThat(config.getData()).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceLogsInToKafkaAsItsOwnUser(String overlay) {
        Manifests manifests = Manifests.of(K8S, overlay);
        Kafka kafka = manifests.all(Kafka.class).get(0);
        Set<String> expected = new HashSet<>(Set.of(EVENT_PRODUCER));
        for (PlatformService service : PlatformService.values()) {
            expected.add(service.serviceName());
        }
        assertThat(manifests.all(KafkaUser.class)).extracting(user -> user.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(expected);
        for (KafkaUser user : manifests.all(KafkaUser.class)) {
            String what = overlay + " KafkaUser " + user.getMetadata().getName();
            assertThat(user.getMetadata().getLabels()).as(what).containsEntry("strimzi.io/cluster", kafka.getMetadata().getName());
            assertThat(user.getSpec().getAuthentication()).as(what).isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
            assertThat(user.getSpec().getAuthorization()).as(what).isInstanceOf(KafkaUserAuthorizationSimple.class);
        }
        for (PlatformService service : PlatformService.values()) {
            Container container = manifests.named(Deployment.class, service.serviceName()).getSpec().getTemplate().getSpec()
                    .getContainers().get(0);
            EnvVar jaas = container.getEnv().stream().filter(variable -> variable.getName().equals("KAFKA_SASL_JAAS_CONFIG"))
                    .findFirst().orElseThrow(() -> new AssertionError(overlay + " " + service.serviceName() + ": no KAFKA_SASL_JAAS_CONFIG"));
            assertThat(jaas.getValueFrom().getSecretKeyRef().getName()).as(service.serviceName()).isEqualTo(service.serviceName());
            assertThat(jaas.getValueFrom().getSecretKeyRef().getKey()).as(service.serviceName()).isEqualTo("sasl.jaas.config");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceWritesOnlyItsOwnTopicsAndReadsOnlyWhatItConsumes(String overlay) throws IOException {
        Manifests manifests = Manifests.of(K8S, overlay);
        Set<String> knownTopics = manifests.all(KafkaTopic.class).stream().map(topic -> topic.getSpec().getTopicName())
                .collect(Collectors.toSet());
        for (PlatformService service : PlatformService.values()) {
            KafkaUser user = manifests.named(KafkaUser.class, service.serviceName());
            String what = overlay + " " + service.serviceName();
            List<AclRule> acls = aclsOf(user);
            assertOnlyTopicAndGroupRulesWithPlainOperations(acls, what, knownTopics);

            assertThat(topicsWith(acls, AclOperation.WRITE)).as(what + " writes").isEqualTo(new TreeSet<>(WRITES.get(service)));

            Consumption consumption = consumptionOf(service);
            assertThat(topicsWith(acls, AclOperation.READ)).as(what + " reads").isEqualTo(consumption.topics());
            assertThat(groupsWith(acls, AclOperation.READ)).as(what + " consumer groups").isEqualTo(consumption.groups());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void outsideProducersMayOnlyAppendToTheThreeIngestTopics(String overlay) {
        Manifests manifests = Manifests.of(K8S, overlay);
        Set<String> knownTopics = manifests.all(KafkaTopic.class).stream().map(topic -> topic.getSpec().getTopicName())
                .collect(Collectors.toSet());
        List<AclRule> acls = aclsOf(manifests.named(KafkaUser.class, EVENT_PRODUCER));
        assertOnlyTopicAndGroupRulesWithPlainOperations(acls, overlay + " " + EVENT_PRODUCER, knownTopics);
        assertThat(topicsWith(acls, AclOperation.WRITE)).isEqualTo(new TreeSet<>(OUTSIDE_WRITES));
        assertThat(topicsWith(acls, AclOperation.READ)).as("event-producer reads nothing").isEmpty();
        assertThat(groupsWith(acls, AclOperation.READ)).as("event-producer joins no group").isEmpty();
        // (that no other principal writes anything follows from the exact KafkaUser list in
        // everyServiceLogsInToKafkaAsItsOwnUser and the exact write sets above)
    }

    // --- helpers ---

    private static List<AclRule> aclsOf(KafkaUser user) {
        return ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
    }

    /**
     * Every rule names one existing topic or a group, literally (the gateway's per-replica group prefix
     * aside), allows (not denies), from any host, and only Read, Write or Describe: no cluster, no
     * transactional ids, no All/Create/Delete/Alter, no wildcard.
     */
    private static void assertOnlyTopicAndGroupRulesWithPlainOperations(List<AclRule> acls, String what, Set<String> knownTopics) {
        for (AclRule rule : acls) {
            assertThat(rule.getType()).as(what).hasToString("ALLOW");
            assertThat(rule.getOperations()).as(what + " " + rule.getResource()).isNotEmpty()
                    .allSatisfy(operation -> assertThat(operation).isIn(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE));
            if (rule.getResource() instanceof AclRuleTopicResource topic) {
                assertThat(topic.getPatternType()).as(what + " " + topic.getName()).isEqualTo(AclResourcePatternType.LITERAL);
                assertThat(topic.getName()).as(what + ": ACL on a topic that has no KafkaTopic").isIn(knownTopics);
            } else if (rule.getResource() instanceof AclRuleGroupResource group) {
                assertThat(group.getName()).as(what).isNotBlank().isNotEqualTo("*");
                assertThat(rule.getOperations()).as(what + " group " + group.getName()).containsExactly(AclOperation.READ);
            } else {
                throw new AssertionError(what + ": ACL on " + rule.getResource().getType() + " is not expected");
            }
        }
    }

    private static Set<String> topicsWith(List<AclRule> acls, AclOperation operation) {
        return acls.stream().filter(rule -> rule.getResource() instanceof AclRuleTopicResource)
                .filter(rule -> rule.getOperations().contains(operation))
                .map(rule -> ((AclRuleTopicResource) rule.getResource()).getName())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Group names, a prefix rule written as "name*" so that it cannot be mistaken for a literal group. */
    private static Set<String> groupsWith(List<AclRule> acls, AclOperation operation) {
        return acls.stream().filter(rule -> rule.getResource() instanceof AclRuleGroupResource)
                .filter(rule -> rule.getOperations().contains(operation))
                .map(rule -> (AclRuleGroupResource) rule.getResource())
                .map(group -> group.getPatternType() == AclResourcePatternType.PREFIX ? group.getName() + "*" : group.getName())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private record Consumption(Set<String> topics, Set<String> groups) {
    }

    /**
     * The topics and consumer groups of a service's incoming channels and own consumers, as its application.properties
     * declares them; a group id with a ${...} expression (gateway-${quarkus.uuid}) becomes a prefix
     * "gateway-*". Services other than the gateway also read the tenant directory, with assign() and
     * no group.
     */
    private static Consumption consumptionOf(PlatformService service) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(REPOSITORY.resolve(service.serviceName())
                .resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        Set<String> topics = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        for (String name : properties.stringPropertyNames()) {
            // channels, and consumers of a service's own (declared as floatchat.consumer.<name>.topic / .group.id)
            if (!name.startsWith("mp.messaging.incoming.") && !name.startsWith("floatchat.consumer.")) {
                continue;
            }
            if (name.endsWith(".topic")) {
                topics.add(properties.getProperty(name));
            } else if (name.endsWith(".group.id")) {
                String group = properties.getProperty(name);
                groups.add(group.contains("${") ? group.substring(0, group.indexOf("${")) + "*" : group);
            }
        }
        if (service != PlatformService.GATEWAY) {
            topics.add(Topics.TENANTS);
        }
        return new Consumption(topics, groups);
    }

}
