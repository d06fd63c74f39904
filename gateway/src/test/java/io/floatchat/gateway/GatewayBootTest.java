package io.floatchat.gateway;

import io.floatchat.testing.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class GatewayBootTest extends ServiceBootContract {

    @Override
    protected String schema() {
        return "gateway";
    }

    @Override
    protected String openApiPath() {
        return "/openapi";
    }
}
