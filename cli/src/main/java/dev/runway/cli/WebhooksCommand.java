package dev.runway.cli;

import dev.runway.model.Webhook;
import dev.runway.model.WebhookSpec;
import dev.runway.model.WebhookWithSecret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.node.ObjectNode;

/** Creates webhooks (showing their secret once), lists them, rotates their secret, disables and enables them. */
@Command(name = "webhooks", description = "Create, list, disable or delete webhooks, or give one a new secret.")
final class WebhooksCommand {

    @ParentCommand
    private RunwayCli cli;

    @Command(name = "create", description = {"Create a webhook: a signed POST to its URL starts a run of the",
            "deployment. Prints its secret, which is shown only this once."})
    int create(@Parameters(paramLabel = "SLUG", description = "Its name in its URL: lowercase letters, digits, - and _.")
               String slug,
               @Option(names = "--deployment", required = true, paramLabel = "NAME",
                       description = "The deployment whose runs it starts.") String deployment,
               @Option(names = "--template", paramLabel = "JSON", converter = JsonObjectArgument.class,
                       description = {"Maps the delivery to the run's parameters, e.g.",
                               "'{\"ref\":\"{{ body.ref }}\",\"event\":\"{{ headers.X-GitHub-Event }}\"}';",
                               "default: the body (a JSON object) is the parameters."}) ObjectNode template,
               @Option(names = "--sync", description = {"Answer with the run's state and result once it ends",
                       "(or 202 with its id when it has not within the timeout)."}) boolean sync,
               @Option(names = "--timeout", paramLabel = "SECONDS",
                       description = "How long a --sync webhook waits: 1-300, default 30.") Integer timeout,
               @Option(names = "--token", description = {"Take the secret itself in a header instead of an",
                       "HMAC-SHA256 signature, for senders that cannot sign."}) boolean token,
               @Option(names = "--slack", description = {"Check Slack's signature (X-Slack-Signature and",
                       "X-Slack-Request-Timestamp) with the Slack app's signing secret,",
                       "read from standard input with --secret-stdin."}) boolean slack,
               @Option(names = "--secret-stdin", description = {"Read the secret from standard input (first line),",
                       "keeping it out of shell history; only with --slack."}) boolean secretStdin,
               @Option(names = "--header", paramLabel = "NAME", description = {"The header the signature or token",
                       "comes in (default X-Hub-Signature-256, X-Slack-Signature with --slack,",
                       "or X-Runway-Token with --token)."}) String header) {
        if (timeout != null && !sync) {
            throw new CommandFailure("--timeout is how long a synchronous webhook waits: add --sync");
        }
        if (slack && token) {
            throw new CommandFailure("--slack and --token are two ways of checking a delivery: choose one");
        }
        if (slack != secretStdin) {
            throw new CommandFailure(slack ? "--slack needs the Slack app's signing secret: pipe it in with --secret-stdin"
                    : "--secret-stdin is for a --slack webhook; Runway makes the others' secrets");
        }
        String mode = slack ? WebhookSpec.SLACK : token ? WebhookSpec.TOKEN : WebhookSpec.HMAC_SHA256;
        String secret = secretStdin ? secretFromStdin() : null;
        RunwayApi api = cli.api();
        WebhookWithSecret created = api.createWebhook(new WebhookSpec(slug, deployment, template, sync,
                timeout, mode, header, secret));
        WebhookSpec spec = created.webhook().spec();
        PrintWriter out = cli.out();
        out.println("webhook " + TerminalText.line(spec.slug()) + " created: POST " + url(api, created.webhook())
                + " starts a run of " + TerminalText.line(spec.deployment())
                + (spec.sync() ? " and answers with its result within " + spec.timeoutSeconds() + " s" : ""));
        showSecret(created, out);
        return 0;
    }

    @Command(name = "ls", aliases = "list", description = "List webhooks, without their secrets.")
    int list() {
        RunwayApi api = cli.api();
        List<Webhook> webhooks = api.webhooks();
        PrintWriter out = cli.out();
        if (webhooks.isEmpty()) {
            out.println("no webhooks");
            return 0;
        }
        Table table = new Table().row("SLUG", "DEPLOYMENT", "CHECK", "SYNC", "ENABLED", "URL");
        for (Webhook webhook : webhooks) {
            WebhookSpec spec = webhook.spec();
            table.row(spec.slug(), spec.deployment(), spec.mode() + " " + spec.header(),
                    spec.sync() ? spec.timeoutSeconds() + " s" : "no", webhook.enabled() ? "yes" : "no", url(api, webhook));
        }
        table.print(out);
        return 0;
    }

    @Command(name = "rotate-secret", description = {"Give a webhook a new secret, printed only this once;",
            "the old one is refused from now on."})
    int rotateSecret(@Parameters(paramLabel = "SLUG", description = "The webhook.") String slug,
                     @Option(names = "--secret-stdin", description = {"Read a Slack webhook's new signing secret from",
                             "standard input (first line)."}) boolean secretStdin) {
        WebhookWithSecret rotated = cli.api().rotateWebhookSecret(slug, secretStdin ? secretFromStdin() : null);
        cli.out().println("webhook " + TerminalText.line(rotated.webhook().spec().slug())
                + ": new secret; deliveries signed with the old one are refused from now on");
        showSecret(rotated, cli.out());
        return 0;
    }

    @Command(name = "disable", description = "Refuse a webhook's deliveries (403) until it is enabled again.")
    int disable(@Parameters(paramLabel = "SLUG", description = "The webhook.") String slug) {
        Webhook webhook = cli.api().enableWebhook(slug, false);
        cli.out().println("webhook " + TerminalText.line(webhook.spec().slug()) + ": disabled; its deliveries are refused");
        return 0;
    }

    @Command(name = "enable", description = "Take a disabled webhook's deliveries again.")
    int enable(@Parameters(paramLabel = "SLUG", description = "The webhook.") String slug) {
        Webhook webhook = cli.api().enableWebhook(slug, true);
        cli.out().println("webhook " + TerminalText.line(webhook.spec().slug()) + ": enabled");
        return 0;
    }

    @Command(name = "rm", aliases = "delete", description = "Delete a webhook; the runs it started are kept.")
    int delete(@Parameters(paramLabel = "SLUG", description = "The webhook.") String slug) {
        cli.api().deleteWebhook(slug);
        cli.out().println("webhook " + TerminalText.line(slug) + " deleted; the runs it started are kept");
        return 0;
    }

    /** The first line piped in, without its line end; never echoed. */
    private String secretFromStdin() {
        BufferedReader in = new BufferedReader(new InputStreamReader(cli.environment().stdin(), StandardCharsets.UTF_8));
        String line;
        try {
            line = in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secret from standard input", e);
        }
        if (line == null || line.strip().isEmpty()) {
            throw new CommandFailure("--secret-stdin read no secret: pipe it in, e.g. runway webhooks create ..."
                    + " --secret-stdin < slack-signing-secret.txt");
        }
        return line.strip();
    }

    private static void showSecret(WebhookWithSecret shown, PrintWriter out) {
        WebhookSpec spec = shown.webhook().spec();
        if (shown.secret() == null) {
            out.println("secret: the one given, kept encrypted and not shown; Slack signs each delivery with it: "
                    + TerminalText.line(spec.header()) + ": v0=<hex HMAC-SHA256 of v0:<timestamp>:<body>>");
            return;
        }
        out.println("secret: " + TerminalText.line(shown.secret()));
        out.println("  shown only now: give it to the sender, which "
                + (WebhookSpec.TOKEN.equals(spec.mode())
                        ? "sends it in each delivery as " + TerminalText.line(spec.header()) + ": <secret>"
                        : "signs each delivery with it: " + TerminalText.line(spec.header())
                                + ": sha256=<hex HMAC-SHA256 of the body> (GitHub: the webhook's Secret)"));
    }

    private static String url(RunwayApi api, Webhook webhook) {
        return TerminalText.line(api.baseUrl() + webhook.path());
    }
}
