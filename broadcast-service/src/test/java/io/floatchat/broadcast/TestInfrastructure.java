package io.floatchat.broadcast;

import io.floatchat.testing.EmbeddedInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;

/** Every test of this module runs against the real embedded PostgreSQL and Kafka. */
@QuarkusTestResource(EmbeddedInfrastructure.class)
@QuarkusTestResource(UsersServiceStub.class)
public class TestInfrastructure {
}
