package io.floatchat.users;

import io.floatchat.testing.TokenVerifyingServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class UsersServiceBootTest extends TokenVerifyingServiceBootContract {

    @Override
    protected String schema() {
        return "users";
    }
}
