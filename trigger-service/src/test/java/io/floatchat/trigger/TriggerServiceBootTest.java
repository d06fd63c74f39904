package io.floatchat.trigger;

import io.floatchat.testing.TokenVerifyingServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class TriggerServiceBootTest extends TokenVerifyingServiceBootContract {

    @Override
    protected String schema() {
        return "trigger";
    }
}
