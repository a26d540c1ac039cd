package dev.runway.controlplane.webhooks;

import dev.runway.controlplane.problem.ConflictException;
import dev.runway.controlplane.problem.FieldChecks;
import dev.runway.controlplane.problem.InvalidInputException;
import dev.runway.controlplane.problem.NotFoundException;
import dev.runway.controlplane.store.DeploymentStore;
import dev.runway.controlplane.store.StoredWebhook;
import dev.runway.controlplane.store.WebhookStore;
import dev.runway.model.Page;
import dev.runway.model.Webhook;
import dev.runway.model.WebhookSpec;
import dev.runway.model.WebhookWithSecret;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * Creates webhooks with a new secret, shows them (never their secret), rotates secrets, enables and deletes them.
 * A {@link WebhookSpec#SLACK} webhook's secret is the Slack app's signing secret, which Slack makes: it is given
 * when the webhook is created or its secret rotated, and, like the others, stored encrypted and never shown.
 */
@Service
public class WebhookService {

    /** 40 characters at most: a run a webhook starts is created by {@code webhook:<slug>}, which has to fit 50. */
    public static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    public static final int MAX_TIMEOUT_SECONDS = 300;
    public static final int DEFAULT_TIMEOUT_SECONDS = 30;
    static final int MAX_HEADER = 100;
    static final int MIN_GIVEN_SECRET = 16;
    static final int MAX_GIVEN_SECRET = 200;
    private static final int MAX_DEPLOYMENT = 200;

    private final WebhookStore store;
    private final DeploymentStore deployments;
    private final WebhookSecrets secrets;

    public WebhookService(WebhookStore store, DeploymentStore deployments, WebhookSecrets secrets) {
        this.store = store;
        this.deployments = deployments;
        this.secrets = secrets;
    }

    /**
     * Creates the webhook, enabled, with a new secret: the answer is the only place the secret is ever shown. A Slack
     * webhook keeps the secret given, and the answer has none (whoever created it has it already).
     *
     * @throws InvalidInputException naming every field at fault
     * @throws ConflictException     when a webhook has this slug
     */
    public WebhookWithSecret create(WebhookSpec spec) {
        WebhookSpec complete = checked(spec);
        boolean given = WebhookSpec.SLACK.equals(complete.mode());
        String secret = given ? spec.secret() : WebhookSecrets.newSecret();
        StoredWebhook created = store.insert(complete, secrets.encrypt(complete.slug(), secret))
                .orElseThrow(() -> new ConflictException("there is a webhook '" + complete.slug()
                        + "' already: pick another slug, or delete that one first"));
        return new WebhookWithSecret(created.webhook(), given ? null : secret);
    }

    public Webhook get(String slug) {
        return stored(slug).webhook();
    }

    public Page<Webhook> list(int offset, int limit) {
        return store.list(offset, limit);
    }

    /** Deletes the webhook; the runs it started stay. */
    public void delete(String slug) {
        if (!store.delete(slug)) {
            throw notFound(slug);
        }
    }

    /**
     * Gives the webhook a new secret, shown in the answer only; from then on the old one is refused. A Slack webhook
     * takes {@code given}, the app's new signing secret, and its answer has none; the others make their own, and
     * {@code given} must be null.
     *
     * @throws InvalidInputException when {@code given} is missing or not fit for a Slack webhook, or given for another
     */
    public WebhookWithSecret rotateSecret(String slug, String given) {
        String mode = get(slug).spec().mode();
        FieldChecks checks = new FieldChecks();
        checkSecret(checks, mode, given);
        checks.orThrow("invalid secret");
        boolean slack = WebhookSpec.SLACK.equals(mode);
        String secret = slack ? given : WebhookSecrets.newSecret();
        if (!store.setSecret(slug, secrets.encrypt(slug, secret))) {
            throw notFound(slug);
        }
        return new WebhookWithSecret(get(slug), slack ? null : secret);
    }

    public Webhook setEnabled(String slug, boolean enabled) {
        if (!store.setEnabled(slug, enabled)) {
            throw notFound(slug);
        }
        return get(slug);
    }

    static NotFoundException notFound(String slug) {
        return new NotFoundException("no webhook '" + slug + "' (GET /api/webhooks lists them)");
    }

    private StoredWebhook stored(String slug) {
        return store.find(slug).orElseThrow(() -> notFound(slug));
    }

    /** A Slack webhook's secret is given, and must look like a signing secret; the others' secrets are made here. */
    private static void checkSecret(FieldChecks checks, String mode, String secret) {
        if (!WebhookSpec.SLACK.equals(mode)) {
            if (secret != null) {
                checks.add("secret", "is made by Runway for a '" + mode + "' webhook and shown once: leave it out (only"
                        + " a '" + WebhookSpec.SLACK + "' webhook takes the secret it is given)");
            }
        } else if (secret == null || secret.isEmpty()) {
            checks.add("secret", "is required for a '" + WebhookSpec.SLACK + "' webhook: the Slack app's Signing"
                    + " Secret (Basic Information, App Credentials)");
        } else if (secret.length() < MIN_GIVEN_SECRET || secret.length() > MAX_GIVEN_SECRET) {
            checks.add("secret", "must be " + MIN_GIVEN_SECRET + "-" + MAX_GIVEN_SECRET + " characters, not "
                    + secret.length() + " (a Slack signing secret is 32)");
        } else if (!secret.chars().allMatch(c -> c > ' ' && c < 127)) {
            checks.add("secret", "must be printable ASCII without spaces, as a Slack signing secret is");
        }
    }

    /** The spec with every default filled in; every fault named at once. */
    private WebhookSpec checked(WebhookSpec spec) {
        FieldChecks checks = new FieldChecks();
        if (spec.slug() == null || spec.slug().isEmpty()) {
            checks.add("slug", "is required");
        } else if (!SLUG.matcher(spec.slug()).matches()) {
            checks.add("slug", "must be 1-40 lowercase letters, digits, '-' or '_', starting with a letter or digit");
        }
        if (spec.deployment() == null || spec.deployment().isEmpty()) {
            checks.add("deployment", "is required");
        } else {
            checks.text("deployment", spec.deployment(), MAX_DEPLOYMENT);
            boolean storable = spec.deployment().length() <= MAX_DEPLOYMENT && spec.deployment().indexOf('\0') < 0;
            if (storable && deployments.findByName(spec.deployment()).isEmpty()) {
                checks.add("deployment", "'" + spec.deployment() + "' is not a deployment (GET /api/deployments lists them)");
            }
        }
        String mode = spec.mode() == null ? WebhookSpec.HMAC_SHA256 : spec.mode();
        boolean knownMode = mode.equals(WebhookSpec.HMAC_SHA256) || mode.equals(WebhookSpec.SLACK)
                || mode.equals(WebhookSpec.TOKEN);
        if (!knownMode) {
            checks.add("mode", "must be '" + WebhookSpec.HMAC_SHA256 + "' (an HMAC-SHA256 signature of the body, as GitHub"
                    + " sends), '" + WebhookSpec.SLACK + "' (Slack's signature) or '" + WebhookSpec.TOKEN
                    + "' (the secret itself in a header)");
        } else {
            checkSecret(checks, mode, spec.secret());
        }
        String header = spec.header() == null ? WebhookSignature.defaultHeader(mode) : spec.header();
        if (header.length() > MAX_HEADER || !DeliveryHeaders.NAME.matcher(header).matches()) {
            checks.add("header", "must be an HTTP header name of at most " + MAX_HEADER
                    + " letters, digits and !#$%&'*+.^_`|~-, e.g. " + WebhookSignature.defaultHeader(mode));
        }
        boolean sync = Boolean.TRUE.equals(spec.sync());
        Integer timeout = spec.timeoutSeconds();
        if (sync) {
            timeout = timeout == null ? DEFAULT_TIMEOUT_SECONDS : timeout;
            checks.range("timeoutSeconds", timeout, 1, MAX_TIMEOUT_SECONDS);
        } else if (timeout != null) {
            checks.add("timeoutSeconds", "applies to a synchronous webhook only: set sync to true, or leave it out");
        }
        try {
            WebhookTemplate template = WebhookTemplate.of(spec.template());
            if (WebhookSpec.TOKEN.equals(mode) && template.refersToHeader(header)) {
                checks.add("template", "refers to {{ headers." + header + " }}, which holds the webhook's secret: it would"
                        + " be copied into every run's parameters");
            }
        } catch (InvalidInputException badTemplate) {
            checks.addAll(badTemplate.errors());
        }
        checks.orThrow("invalid webhook");
        return new WebhookSpec(spec.slug(), spec.deployment(), spec.template(), sync, timeout, mode, header);
    }
}
