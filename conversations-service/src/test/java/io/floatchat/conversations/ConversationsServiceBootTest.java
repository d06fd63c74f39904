package io.floatchat.conversations;

import io.floatchat.testing.TokenVerifyingServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ConversationsServiceBootTest extends TokenVerifyingServiceBootContract {

    @Override
    protected String schema() {
        return "conversations";
    }
}
