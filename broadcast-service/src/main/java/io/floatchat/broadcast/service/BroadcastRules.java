package io.floatchat.broadcast.service;

import io.floatchat.broadcast.Audience;
import io.floatchat.broadcast.AudienceMember;
import io.floatchat.broadcast.BroadcastDraft;
import io.floatchat.broadcast.service.BroadcastRefused.Rule;
import io.floatchat.common.api.BroadcastChannels;
import io.floatchat.common.api.ChannelUserIds;
import io.floatchat.common.api.OutgoingMessages;
import io.floatchat.common.text.UserPlaceholders;

import java.util.List;

/**
 * Every rule a broadcast draft can break by itself, whichever front door it came through. What needs
 * the database or users-service (the channel is configured, the audience matches someone) is
 * {@link BroadcastService#create}'s to check.
 */
public final class BroadcastRules {

    public static final int MAX_RECIPIENTS = 100_000;
    /** Listed users' profiles are fetched one by one for {{user.*}}: an audience scales further. */
    static final int MAX_PERSONALISED_LIST = 10_000;

    private BroadcastRules() {
    }

    /** The draft's send time (UTC milliseconds, never before {@code now}), or a {@link BroadcastRefused} saying which rule it breaks. */
    public static long check(BroadcastDraft draft, long now) {
        String name = draft.name();
        if (name == null || name.isBlank() || name.length() > BroadcastDraft.MAX_NAME) {
            throw new BroadcastRefused(Rule.NAME, "name must be 1 to " + BroadcastDraft.MAX_NAME + " characters.");
        }
        if (!BroadcastChannels.isKnown(draft.channel())) {
            throw new BroadcastRefused(Rule.CHANNEL, "channel " + BroadcastChannels.RULE + ".");
        }
        String problem = OutgoingMessages.problem(draft.message());
        if (problem != null) {
            throw new BroadcastRefused(Rule.MESSAGE, problem);
        }
        Audience audience = draft.audience();
        if (audience instanceof Audience.Listed listed) {
            checkUsers(listed.userIds());
            if (listed.userIds().size() > MAX_PERSONALISED_LIST && UserPlaceholders.isPersonalised(draft.message())) {
                throw new BroadcastRefused(Rule.RECIPIENTS, "Personalised text to more than " + MAX_PERSONALISED_LIST
                        + " listed users: select them with an audience instead.");
            }
        } else if (audience instanceof Audience.Known known) {
            checkUsers(known.members().stream().map(AudienceMember::userId).toList());
        } else if (audience instanceof Audience.Matching matching) {
            if (matching.filter() == null || !matching.filter().isObject()
                    || matching.filter().path("attribute_name").asText("").isBlank()) {
                throw new BroadcastRefused(Rule.AUDIENCE, "audience must be {\"attribute_name\":..,\"attribute_value\":..}.");
            }
        } else {
            throw new BroadcastRefused(Rule.RECIPIENTS, "A broadcast needs users or an audience.");
        }
        return ScheduleTime.of(draft.scheduledAt(), now);
    }

    private static void checkUsers(List<String> userIds) {
        if (userIds.isEmpty() || userIds.size() > MAX_RECIPIENTS) {
            throw new BroadcastRefused(Rule.RECIPIENTS, "A broadcast goes to 1 to " + MAX_RECIPIENTS + " users; this names "
                    + userIds.size() + ".");
        }
        for (int i = 0; i < userIds.size(); i++) {
            if (!ChannelUserIds.isValid(userIds.get(i))) {
                throw new BroadcastRefused(Rule.RECIPIENTS, "User " + (i + 1) + " is not a channel user id.");
            }
        }
    }
}
