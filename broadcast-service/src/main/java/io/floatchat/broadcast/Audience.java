package io.floatchat.broadcast;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Who a new broadcast goes to, in the three ways a front door can say it. */
public sealed interface Audience {

    /** Users named by their channel user ids; their profiles are read only if the message is personalised. */
    record Listed(List<String> userIds) implements Audience {
    }

    /** Every user whose attribute matches {@code {"attribute_name","attribute_value"}}, as users-service finds them. */
    record Matching(JsonNode filter) implements Audience {
    }

    /** Recipients already known with what personalises their message (a CSV's rows, a flow's users). */
    record Known(List<AudienceMember> members) implements Audience {
    }
}
