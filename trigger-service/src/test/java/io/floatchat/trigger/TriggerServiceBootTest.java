package io.floatchat.trigger;

import io.floatchat.testing.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class TriggerServiceBootTest extends ServiceBootContract {

    @Override
    protected String schema() {
        return "trigger";
    }
}
