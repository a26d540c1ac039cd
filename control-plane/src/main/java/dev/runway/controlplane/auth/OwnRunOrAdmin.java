package dev.runway.controlplane.auth;

import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * The runner API of one run opens to the admin key and to a run token of that run. The {@code id}
 * in the path is read as a {@link UUID}, as Spring MVC binds it for the controller, so both agree
 * on which run is meant however it is spelled.
 */
final class OwnRunOrAdmin implements AuthorizationManager<RequestAuthorizationContext> {

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                                         RequestAuthorizationContext context) {
        Authentication caller = authentication.get();
        if (caller == null || !caller.isAuthenticated()) {
            return new AuthorizationDecision(false);
        }
        boolean admin = caller.getAuthorities().stream()
                .anyMatch(a -> ("ROLE_" + BearerTokenFilter.ADMIN).equals(a.getAuthority()));
        return new AuthorizationDecision(admin
                || caller.getPrincipal() instanceof RunGrant grant && isRun(grant.runId(), context.getVariables().get("id")));
    }

    private static boolean isRun(UUID runId, String pathId) {
        try {
            return pathId != null && runId.equals(UUID.fromString(pathId));
        } catch (IllegalArgumentException notAUuid) {
            return false;
        }
    }
}
