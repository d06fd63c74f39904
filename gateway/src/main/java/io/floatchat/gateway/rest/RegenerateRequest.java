package io.floatchat.gateway.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** {@code {"graceSeconds":0}}: how long the old key keeps working (default 0: it stops at once). */
public record RegenerateRequest(@Min(0) @Max(604_800) Long graceSeconds) {
}
