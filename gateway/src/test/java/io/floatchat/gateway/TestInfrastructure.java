package io.floatchat.gateway;

import io.floatchat.testing.EmbeddedInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;

/** Every test of this module runs against the real embedded PostgreSQL and Kafka, and the echo upstream. */
@QuarkusTestResource(EmbeddedInfrastructure.class)
@QuarkusTestResource(EchoUpstream.class)
public class TestInfrastructure {
}
