package io.floatchat.broadcast;

import io.floatchat.testing.TokenVerifyingServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class BroadcastServiceBootTest extends TokenVerifyingServiceBootContract {

    @Override
    protected String schema() {
        return "broadcast";
    }
}
