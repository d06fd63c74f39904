package io.floatchat.gateway.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code {"name":".."}}: creates a customer or a bot. */
public record NameRequest(@NotBlank @Size(max = 200) String name) {
}
