package io.floatchat.common.error;

import io.floatchat.common.api.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** A test-only resource that fails in every way a real one can, to pin down the error envelope. */
@Path("/probe")
public class ErrorProbeResource {

    public enum Channel { whatsapp, sandbox }

    public record Body(@NotBlank String name, @NotNull Channel channel) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public String accept(@Valid @NotNull Body body) {
        return body.name();
    }

    @POST
    @Path("/envelope")
    @Consumes(MediaType.APPLICATION_JSON)
    public ApiResponse<String> envelope(@Valid @NotNull Body body) {
        return ApiResponse.success(body.name());
    }

    @GET
    @Path("/limited")
    public String limited(@QueryParam("size") @Max(1000) int size) {
        return Integer.toString(size);
    }

    @GET
    @Path("/conflict")
    public String conflict() {
        throw ApiException.conflict("This broadcast has already finished.");
    }

    @GET
    @Path("/boom")
    public String boom() {
        throw new IllegalStateException("ERROR: relation \"secret_table\" does not exist; SELECT password FROM users");
    }
}
