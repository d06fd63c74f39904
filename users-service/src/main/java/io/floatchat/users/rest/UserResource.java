package io.floatchat.users.rest;

import io.floatchat.common.api.ApiResponse;
import io.floatchat.common.api.ChannelUserIds;
import io.floatchat.common.api.PageRequest;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.error.ErrorCode;
import io.floatchat.common.security.Scopes;
import io.floatchat.users.AttributeOperator;
import io.floatchat.users.User;
import io.floatchat.users.service.AttributeRules;
import io.floatchat.users.service.UserService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;

/** The Users API. The path's customer and bot were checked against the gateway's token (TenantGuard). */
@Path("/bot-api/v1.0/customer/{customerId}/bot/{botKey}")
public class UserResource {

    private static final int DEFAULT_PAGE_SIZE = 500;

    private final UserService users;

    public UserResource(UserService users) {
        this.users = users;
    }

    @GET
    @Path("/users")
    @RolesAllowed(Scopes.USERS_READ)
    public Uni<ApiResponse<UserService.UserPage>> search(@PathParam("customerId") long customerId,
                                                         @PathParam("botKey") String botKey,
                                                         @QueryParam("attribute_name") String name,
                                                         @QueryParam("attribute_value") String value,
                                                         @QueryParam("operator") String operatorName,
                                                         @QueryParam("page_number") String pageNumber,
                                                         @QueryParam("page_size") String pageSize,
                                                         @Context UriInfo uri) {
        // "attributes=" (none) and no parameter (all) differ: read it as sent, not as an absent value
        List<String> asked = uri.getQueryParameters().get("attributes");
        String attributes = asked == null ? null : asked.isEmpty() || asked.get(0) == null ? "" : asked.get(0);
        AttributeOperator operator = AttributeOperator.parse(operatorName);
        if (operator == null) {
            throw ApiException.invalidRequest("operator must be one of eq, ne, contains, starts_with, gt, gte, lt, lte, exists.");
        }
        if (name == null || name.isEmpty()) {
            throw ApiException.invalidRequest("attribute_name is required.");
        }
        if (!AttributeRules.isValidName(name)) {
            throw ApiException.invalidRequest("attribute_name must be 1 to 100 characters of letters, digits, '_', '.' or '-'.");
        }
        if (operator.needsValue() && (value == null || value.isEmpty())) {
            throw ApiException.invalidRequest("attribute_value is required.");
        }
        if (value != null && value.length() > AttributeRules.MAX_VALUE_LENGTH) {
            throw ApiException.invalidRequest("attribute_value is longer than " + AttributeRules.MAX_VALUE_LENGTH + " characters.");
        }
        PageRequest page = PageRequest.of(pageNumber, pageSize, DEFAULT_PAGE_SIZE);
        return users.search(customerId, botKey, name, operator, value, page, AttributeRules.projection(attributes))
                .map(ApiResponse::success);
    }

    @GET
    @Path("/channel-user/{userId}")
    @RolesAllowed(Scopes.USERS_READ)
    public Uni<ApiResponse<User>> get(@PathParam("customerId") long customerId, @PathParam("botKey") String botKey,
                                      @PathParam("userId") String userId) {
        return users.find(customerId, botKey, userId).map(user -> {
            if (user == null) {
                throw new ApiException(ErrorCode.INVALID_BOT_OR_CUSTOMER_ID,
                        "No user " + userId + " in this bot.");
            }
            return ApiResponse.success(user);
        });
    }

    @PATCH
    @Path("/channel-user/{userId}/attributes")
    @RolesAllowed(Scopes.USERS_WRITE)
    public Uni<ApiResponse<User>> changeAttributes(@PathParam("customerId") long customerId,
                                                   @PathParam("botKey") String botKey,
                                                   @PathParam("userId") @Pattern(regexp = ChannelUserIds.PATTERN) String userId,
                                                   @Valid @NotNull AttributesRequest body) {
        return users.changeAttributes(customerId, botKey, userId, body.channel(), body.name(),
                        AttributeRules.change(body.attributes()))
                .map(ApiResponse::success);
    }
}
