package io.floatchat.trigger.client;

/** How a step that talks to the outside went: how many attempts it took, and why it failed (null: it did not). */
public record StepOutcome(int attempts, String problem) {
}
