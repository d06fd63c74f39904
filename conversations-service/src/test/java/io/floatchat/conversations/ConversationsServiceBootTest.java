package io.floatchat.conversations;

import io.floatchat.testing.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ConversationsServiceBootTest extends ServiceBootContract {

    @Override
    protected String schema() {
        return "conversations";
    }
}
