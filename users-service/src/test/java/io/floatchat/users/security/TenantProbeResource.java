package io.floatchat.users.security;

import io.floatchat.common.security.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Test-only route shaped like the public API, to pin down what every service does with the gateway's token. */
@Path("/bot-api/v1.0/customer/{customerId}/bot/{botKey}/tenant-probe")
public class TenantProbeResource {

    @GET
    @RolesAllowed(Scopes.USERS_READ)
    public String probe(@PathParam("customerId") String customerId, @PathParam("botKey") String botKey) {
        return customerId + "/" + botKey;
    }
}
