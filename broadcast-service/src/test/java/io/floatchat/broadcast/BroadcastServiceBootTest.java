package io.floatchat.broadcast;

import io.floatchat.testing.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class BroadcastServiceBootTest extends ServiceBootContract {

    @Override
    protected String schema() {
        return "broadcast";
    }
}
