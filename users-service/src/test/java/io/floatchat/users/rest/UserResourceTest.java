package io.floatchat.users.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class UserResourceTest {

    @Test
    void patchCreatesMergesAndRemoves() {
        UsersApi api = UsersApi.freshBot();
        api.as("users:write").body(Map.of("channel", "whatsapp", "name", "Asha",
                        "attributes", Map.of("city", "Pune", "plan", "gold", "score", 7)))
                .patch(api.path() + "/channel-user/919876543210/attributes")
                .then().statusCode(200)
                .body("status.code", is(1000))
                .body("responseObject.userId", is("919876543210"))
                .body("responseObject.channel", is("whatsapp"))
                .body("responseObject.name", is("Asha"))
                .body("responseObject.attributes.score", is(7))
                .body("responseObject.firstSeenAt", notNullValue())
                .body("responseObject.lastInboundAt", nullValue());

        Map<String, Object> change = new HashMap<>();
        change.put("plan", "platinum");
        change.put("city", null);
        api.attributes("919876543210", change);

        api.reader().get(api.path() + "/channel-user/919876543210")
                .then().statusCode(200)
                .body("responseObject.name", is("Asha"))
                .body("responseObject.attributes", is(Map.of("plan", "platinum", "score", 7)));
    }

    @Test
    void attributesOverThirtyTwoKilobytesAsJsonAre1001AndNothingOfTheChangeIsStored() {
        UsersApi api = UsersApi.freshBot();
        Map<String, Object> big = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            big.put("note_" + i, "x".repeat(999));
        }
        api.attributes("919800000700", big);
        Map<String, Object> more = new LinkedHashMap<>();
        for (int i = 30; i < 40; i++) {
            more.put("note_" + i, "y".repeat(999));
        }
        api.as("users:write").body(Map.of("attributes", more)).patch(api.path() + "/channel-user/919800000700/attributes")
                .then().statusCode(400)
                .body("status.code", is(1001))
                .body("status.details", containsString("32768"));
        api.reader().get(api.path() + "/channel-user/919800000700").then().statusCode(200)
                .body("responseObject.attributes.size()", is(30))
                .body("responseObject.attributes.note_30", nullValue());
        search(api, Map.of("attribute_name", "note_30", "operator", "exists")).body("responseObject.totalCount", is(0));
    }

    @Test
    void aSearchCanAskForOnlySomeAttributesOfEachUser() {
        UsersApi api = UsersApi.freshBot();
        api.patch("u1", Map.of("name", "Asha", "attributes", Map.of("plan", "gold", "city", "Pune", "secret_note", "vip")));
        search(api, Map.of("attribute_name", "plan", "attribute_value", "gold", "attributes", "city,name"))
                .body("responseObject.users[0].name", is("Asha"))
                .body("responseObject.users[0].attributes", is(Map.of("city", "Pune")));
        // as broadcast-service asks for an audience whose message reads nothing of its users
        api.reader().get(api.path() + "/users?attribute_name=plan&attribute_value=gold&attributes=").then().statusCode(200)
                .body("responseObject.users[0].attributes", is(Map.of()));
        search(api, Map.of("attribute_name", "plan", "attribute_value", "gold"))
                .body("responseObject.users[0].attributes.secret_note", is("vip"));
        api.reader().queryParams(Map.of("attribute_name", "plan", "attribute_value", "gold", "attributes", "city,bad name"))
                .get(api.path() + "/users").then().statusCode(400).body("status.code", is(1001));
    }

    @Test
    void theOriginalSearchMatchesAValuesTextFormSoNumberAndStringAlike() {
        UsersApi api = UsersApi.freshBot();
        api.attributes("u1", Map.of("feedback", "1"));
        api.attributes("u2", Map.of("feedback", 1));
        api.attributes("u3", Map.of("feedback", 2));
        api.attributes("u4", Map.of("other", "1"));

        search(api, Map.of("attribute_name", "feedback", "attribute_value", "1"))
                .body("responseObject.users.userId", contains("u1", "u2"))
                .body("responseObject.totalCount", is(2))
                .body("responseObject.pageNumber", is(1))
                .body("responseObject.pageSize", is(500));
    }

    @Test
    void everyOperator() {
        UsersApi api = UsersApi.freshBot();
        api.attributes("a", Map.of("email", "asha@example.com", "age", 31, "tier", "gold"));
        api.attributes("b", Map.of("email", "bala@example.org", "age", "45", "tier", "silver"));
        api.attributes("c", Map.of("email", "chen@example.com", "age", 9.5));
        api.attributes("d", Map.of("vip", true));

        assertFinds(api, "tier", "ne", "gold", "b");
        assertFinds(api, "email", "contains", "example.com", "a", "c");
        assertFinds(api, "email", "contains", "_", new String[0]);
        assertFinds(api, "email", "starts_with", "bala@", "b");
        assertFinds(api, "age", "gt", "31", "b");
        assertFinds(api, "age", "gte", "31", "a", "b");
        assertFinds(api, "age", "lt", "31", "c");
        assertFinds(api, "age", "lte", "9.5", "c");
        assertFinds(api, "age", "eq", "31.0", "a");
        assertFinds(api, "tier", "gt", "hello", "b");
        assertFinds(api, "vip", "eq", "true", "d");
        assertFinds(api, "tier", "exists", null, "a", "b");
        assertFinds(api, "nobody-has-this", "exists", null, new String[0]);
    }

    @Test
    void pagingIsByUserIdWithATotal() {
        UsersApi api = UsersApi.freshBot();
        for (String id : List.of("u05", "u03", "u01", "u04", "u02")) {
            api.attributes(id, Map.of("segment", "trial"));
        }
        search(api, Map.of("attribute_name", "segment", "attribute_value", "trial", "page_number", "2", "page_size", "2"))
                .body("responseObject.users.userId", contains("u03", "u04"))
                .body("responseObject.totalCount", is(5))
                .body("responseObject.pageNumber", is(2))
                .body("responseObject.pageSize", is(2));
        search(api, Map.of("attribute_name", "segment", "attribute_value", "trial", "page_number", "9", "page_size", "2"))
                .body("responseObject.users", empty())
                .body("responseObject.totalCount", is(5));
    }

    @Test
    void errorCodes() {
        UsersApi api = UsersApi.freshBot();
        assertError(api, Map.of("attribute_value", "1"), 1001, "attribute_name");
        assertError(api, Map.of("attribute_name", "feedback"), 1001, "attribute_value");
        assertError(api, Map.of("attribute_name", "feedback", "attribute_value", "1", "operator", "like"), 1001, "operator");
        assertError(api, Map.of("attribute_name", "bad name!", "attribute_value", "1"), 1001, "attribute_name");
        for (String page : List.of("0", "-1", "abc", "1.5")) {
            assertError(api, Map.of("attribute_name", "a", "attribute_value", "1", "page_number", page), 1004, "page_number");
        }
        for (String size : List.of("0", "1001", "x")) {
            assertError(api, Map.of("attribute_name", "a", "attribute_value", "1", "page_size", size), 1005, "page_size");
        }
        api.reader().get(api.path() + "/channel-user/nobody").then().statusCode(400)
                .body("status.code", is(1002))
                .body("status.desc", is("INVALID_BOT_OR_CUSTOMER_ID"));
    }

    @Test
    void twoBotsWithTheSameUserIdAreTwoUsers() {
        UsersApi first = UsersApi.freshBot();
        UsersApi second = UsersApi.freshBot();
        first.attributes("919800000001", Map.of("plan", "gold"));
        second.attributes("919800000001", Map.of("plan", "basic"));

        search(first, Map.of("attribute_name", "plan", "attribute_value", "basic")).body("responseObject.users", empty());
        search(second, Map.of("attribute_name", "plan", "attribute_value", "basic"))
                .body("responseObject.users.userId", contains("919800000001"));
        first.reader().get(first.path() + "/channel-user/919800000001").then()
                .body("responseObject.attributes.plan", is("gold"));
        // a token for the first bot cannot read the second
        first.reader().get(second.path() + "/channel-user/919800000001").then().statusCode(400).body("status.code", is(1002));
    }

    @Test
    void outOfBoundsChangesAre1001AndStoreNothing() {
        UsersApi api = UsersApi.freshBot();
        api.attributes("bounded", Map.of("kept", "yes"));
        Map<String, Object> tooMany = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            tooMany.put("k" + i, i);
        }
        List<Map<String, Object>> bad = List.of(
                Map.of("attributes", Map.of("bad name", "x")),
                Map.of("attributes", Map.of("x".repeat(101), "x")),
                Map.of("attributes", Map.of("long", "v".repeat(1001))),
                Map.of("attributes", Map.of("nested", Map.of("a", 1))),
                Map.of("attributes", Map.of("list", List.of(1, 2))),
                Map.of("attributes", Map.of("ok", "fine"), "channel", "What's App"),
                Map.of("attributes", tooMany));
        for (Map<String, Object> body : bad) {
            api.as("users:write").body(body).patch(api.path() + "/channel-user/bounded/attributes")
                    .then().statusCode(400).body("status.code", is(1001));
        }
        api.as("users:write").body("{\"attributes\": {\"a\": ").patch(api.path() + "/channel-user/bounded/attributes")
                .then().statusCode(400).body("status.code", is(1001));
        api.as("users:write").body(Map.of("attributes", Map.of("big", "x".repeat(70_000))))
                .patch(api.path() + "/channel-user/bounded/attributes")
                .then().statusCode(413).body("status.code", is(413));
        api.reader().get(api.path() + "/channel-user/bounded").then()
                .body("responseObject.attributes", is(Map.of("kept", "yes")));
    }

    @Test
    void scopesAreEnforced() {
        UsersApi api = UsersApi.freshBot();
        api.as("users:read").body(Map.of("attributes", Map.of("a", 1)))
                .patch(api.path() + "/channel-user/x/attributes").then().statusCode(403).body("status.code", is(403));
        api.as("users:write").queryParam("attribute_name", "a").queryParam("attribute_value", "1")
                .get(api.path() + "/users").then().statusCode(403)
                .body("status.code", is(403)).body("status.desc", is("FORBIDDEN"));
    }

    private static void assertFinds(UsersApi api, String name, String operator, String value, String... userIds) {
        Map<String, String> query = new HashMap<>(Map.of("attribute_name", name, "operator", operator));
        if (value != null) {
            query.put("attribute_value", value);
        }
        ValidatableResponse response = search(api, query);
        if (userIds.length == 0) {
            response.body("responseObject.users", empty());
        } else {
            response.body("responseObject.users.userId", contains(userIds));
        }
        response.body("responseObject.totalCount", is(userIds.length));
    }

    private static void assertError(UsersApi api, Map<String, String> query, int code, String mentions) {
        api.reader().queryParams(query).get(api.path() + "/users")
                .then().statusCode(400)
                .body("status.code", is(code))
                .body("status.details", containsString(mentions))
                .body("requestId", notNullValue());
    }

    private static ValidatableResponse search(UsersApi api, Map<String, String> query) {
        return api.reader().queryParams(query).get(api.path() + "/users").then().statusCode(200);
    }
}
