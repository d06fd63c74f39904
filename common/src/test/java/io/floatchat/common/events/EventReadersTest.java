package io.floatchat.common.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.messaging.InvalidEventException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each event's one reader: what every consumer of its topic may rely on, and the reason for anything else. */
class EventReadersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String json(String text) {
        return text.replace('\'', '"');
    }

    private static void refused(Runnable read, String reason) {
        assertThatThrownBy(read::run).isInstanceOf(InvalidEventException.class).hasMessage(reason);
    }

    @Test
    void whatIsNotAJsonObjectIsRefusedByEveryReader() {
        refused(() -> MessageEvent.read(JSON, null), "empty record");
        refused(() -> UserAttributesEvent.read(JSON, "[1]"), "not a JSON object");
        assertThatThrownBy(() -> TriggerEvent.read(JSON, "{\"eventId\":")).isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("not JSON: ");
    }

    @Test
    void aMessageReadsWithItsDefaultsAndItsBounds() {
        MessageEvent message = MessageEvent.read(JSON, json("{'customerId':'7','botKey':'bot','userId':'919800000001',"
                + "'messageId':'wamid.1','direction':'INBOUND','type':'text','text':'hi','timestamp':1700000000000}"));
        assertThat(message.customerId()).as("a numeric string is a customer id too").isEqualTo(7);
        assertThat(message.channel()).isEqualTo("whatsapp");
        assertThat(message.direction()).isEqualTo(Direction.INBOUND);
        assertThat(message.eventId()).isNull();

        refused(() -> MessageEvent.read(JSON, json("{'direction':'SIDEWAYS'}")), "direction must be INBOUND or OUTBOUND");
        refused(() -> MessageEvent.read(JSON, json("{'direction':'INBOUND','customerId':7,'botKey':'bot','userId':'a b'}")),
                "userId has characters a channel user id cannot have");
        refused(() -> MessageEvent.read(JSON, json("{'customerId':7,'botKey':'bot','userId':'9198','messageId':'m',"
                + "'direction':'INBOUND','type':'text','timestamp':" + (System.currentTimeMillis() + 3_600_000) + "}")),
                "timestamp is more than 5 minutes ahead of the platform's clock");
    }

    @Test
    void userAttributesAreAnObjectWithinTheAttributeBounds() {
        UserAttributesEvent change = UserAttributesEvent.read(JSON, json("{'eventId':'e1','customerId':7,'botKey':'bot',"
                + "'userId':'919800000001','attributes':{'plan':'gold','old':null}}"));
        assertThat(change.attributes().toString()).isEqualTo(json("{'plan':'gold','old':null}"));
        assertThat(change.occurredAt()).isZero();
        assertThat(UserAttributesEvent.read(JSON, json("{'eventId':'e1','customerId':7,'botKey':'bot','userId':'9198'}"))
                .attributes().isEmpty()).isTrue();

        refused(() -> UserAttributesEvent.read(JSON, json("{'attributes':[1]}")), "attributes must be an object");
        refused(() -> UserAttributesEvent.read(JSON, json("{'attributes':{'a':{'b':1}}}")),
                "attribute 'a' must be a string, number or boolean of at most 1000 characters, or null");
        refused(() -> UserAttributesEvent.read(JSON, json("{'customerId':7,'botKey':'bot','userId':'9198'}")), "eventId is required");
    }

    @Test
    void aTriggerEventsUserIsOptionalAndItsAttributesBounded() {
        TriggerEvent event = TriggerEvent.read(JSON, json("{'eventId':'e1','customerId':7,'botKey':'bot','eventType':'lead.created'}"));
        assertThat(event.userId()).isNull();
        assertThat(event.attributes().isEmpty()).isTrue();

        assertThat(TriggerEvent.read(JSON, json("{'eventId':'e1','customerId':7,'botKey':'bot','eventType':'x',"
                + "'occurredAt':'2024-06-01T12:00:00Z'}")).occurredAt()).as("a time no consumer relies on never refuses an event")
                .isZero();

        refused(() -> TriggerEvent.read(JSON, json("{'eventId':'e1','customerId':7,'botKey':'bot','eventType':'" + "t".repeat(101) + "'}")),
                "eventType must be a string of at most 100 characters");
        refused(() -> TriggerEvent.read(JSON, json("{'eventId':'e1','customerId':'seven','botKey':'bot','eventType':'x'}")),
                "customerId must be an integer");
        refused(() -> TriggerEvent.read(JSON, json("{'eventId':'e1','customerId':7,'botKey':'bot','eventType':'x',"
                        + "'attributes':{'has space':1}}")),
                "attribute name 'has space' must be 1 to 100 characters of letters, digits, '_', '.' or '-'");
    }

    @Test
    void aBroadcastRequestNamesItsUsersAChannelAndASendableMessage() {
        String valid = "{'eventId':'run-1','customerId':7,'botKey':'bot','channel':'sandbox','userIds':['919800000001'],"
                + "'message':{'type':'text','text':'Thanks'},'flowKey':'lead'}";
        BroadcastRequestEvent request = BroadcastRequestEvent.read(JSON, json(valid));
        assertThat(request.userIds()).containsExactly("919800000001");
        assertThat(request.message().path("text").asText()).isEqualTo("Thanks");
        assertThat(request.runId()).isNull();

        refused(() -> BroadcastRequestEvent.read(JSON, json(valid.replace("sandbox", "fax"))), "channel must be whatsapp or sandbox");
        refused(() -> BroadcastRequestEvent.read(JSON, json(valid.replace("['919800000001']", "[]"))),
                "userIds must name at least one user");
        refused(() -> BroadcastRequestEvent.read(JSON, json(valid.replace("['919800000001']", "[42]"))),
                "userIds must be channel user ids");
        refused(() -> BroadcastRequestEvent.read(JSON, json(valid.replace("'type':'text'", "'type':'fax'"))),
                "message.type must be text, interactive or template.");
    }

    @Test
    void aBroadcastEventCarriesAtMostAShortenedErrorMessage() {
        BroadcastEvent failed = BroadcastEvent.read(JSON, json("{'eventId':'e1','type':'message.failed','customerId':7,"
                + "'botKey':'bot','broadcastId':'bc_1','userId':'919800000001','errorCode':'131047','errorMessage':'Re-engagement'}"));
        assertThat(failed.errorCode()).isEqualTo("131047");
        assertThat(failed.providerMessageId()).isNull();
        assertThat(BroadcastEvent.shortened("x".repeat(5_000))).hasSize(BroadcastEvent.MAX_ERROR_MESSAGE).endsWith("...");
        assertThat(BroadcastEvent.shortened("short")).isEqualTo("short");

        refused(() -> BroadcastEvent.read(JSON, json("{'eventId':'e1','type':'message.failed','customerId':7,'botKey':'bot',"
                + "'errorMessage':'" + "x".repeat(1_001) + "'}")), "errorMessage must be a string of at most 1000 characters");
    }

    @Test
    void tenantAndKeyEventsNameTheirCustomer() {
        TenantEvent bot = TenantEvent.read(JSON, json("{'type':'bot.created','customerId':7,'botKey':'bot'}"));
        assertThat(bot.customerId()).isEqualTo(7);
        ApiKeyEvent everyKey = ApiKeyEvent.read(JSON, json("{'type':'customer.bots-changed','customerId':7}"));
        assertThat(everyKey.keyId()).isNull();

        refused(() -> TenantEvent.read(JSON, json("{'type':'bot.created','botKey':'bot'}")), "customerId must be an integer");
        refused(() -> ApiKeyEvent.read(JSON, json("{'type':'key.revoked','keyId':7,'customerId':7}")),
                "keyId must be a string of at most 64 characters");
    }
}
