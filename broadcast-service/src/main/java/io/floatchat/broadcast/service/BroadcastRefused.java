package io.floatchat.broadcast.service;

import io.floatchat.common.error.ApiException;
import io.floatchat.common.error.ErrorCode;

/**
 * A broadcast that cannot be created, with the rule it breaks: 400 / 1001 as it stands, and the rule
 * lets a front door with its own codes (the External Broadcast API's 2004 and 2005) or no HTTP at all
 * (a broadcast request event) say it its way.
 */
public final class BroadcastRefused extends ApiException {

    /** The rules {@link BroadcastRules} and {@link BroadcastService#create} check, in the order they are checked. */
    public enum Rule {
        NAME, CHANNEL, MESSAGE, RECIPIENTS, AUDIENCE, SCHEDULE, CHANNEL_NOT_READY, NO_ONE_MATCHES
    }

    private final Rule rule;

    public BroadcastRefused(Rule rule, String details) {
        super(ErrorCode.INVALID_REQUEST, details);
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }
}
