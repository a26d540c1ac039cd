package dev.runway.controlplane.auth;

import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * A run token opens the runner API of its own run. The {@code id} in the path is compared as a
 * {@link UUID}, read as Spring MVC binds it for the controller, so both agree on which run is meant
 * however it is spelled.
 */
final class OwnRun implements AuthorizationManager<RequestAuthorizationContext> {

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                                         RequestAuthorizationContext context) {
        Authentication caller = authentication.get();
        return new AuthorizationDecision(caller != null && caller.isAuthenticated()
                && caller.getPrincipal() instanceof RunGrant grant && isRun(grant.runId(), context.getVariables().get("id")));
    }

    private static boolean isRun(UUID runId, String pathId) {
        try {
            return pathId != null && runId.equals(UUID.fromString(pathId));
        } catch (IllegalArgumentException notAUuid) {
            return false;
        }
    }
}
