package io.floatchat.users;

import io.floatchat.testing.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class UsersServiceBootTest extends ServiceBootContract {

    @Override
    protected String schema() {
        return "users";
    }
}
