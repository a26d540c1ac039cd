package dev.runway.controlplane.webhooks;

import static dev.runway.controlplane.webhooks.Deliveries.body;
import static dev.runway.controlplane.webhooks.Deliveries.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.runway.controlplane.problem.InvalidInputException;
import dev.runway.controlplane.problem.InvalidInputException.FieldError;
import dev.runway.model.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class WebhookTemplateTest {

    private static final int LIMIT = 64 * 1024;

    /** A GitHub push, cut down. */
    private static final String PUSH = """
            {"ref": "refs/heads/main", "after": "6113728f", "forced": false, "size": 2,
             "repository": {"full_name": "octo/runway", "private": true, "stars": 42},
             "commits": [{"id": "aaa1", "message": "first"}, {"id": "bbb2", "message": "second"}],
             "pusher": null}
            """;
    private static final DeliveryHeaders GITHUB = headers("X-GitHub-Event", "push", "X-GitHub-Delivery", "d-1");

    @Test
    void aValueThatIsOneExpressionKeepsItsJsonType() {
        ObjectNode parameters = apply("""
                {"ref": "{{ body.ref }}", "forced": "{{body.forced}}", "size": "{{ body.size }}",
                 "repository": "{{ body.repository }}", "commits": "{{ body.commits }}", "pusher": "{{ body.pusher }}"}
                """, GITHUB, PUSH);

        assertThat(parameters).isEqualTo(json("""
                {"ref": "refs/heads/main", "forced": false, "size": 2,
                 "repository": {"full_name": "octo/runway", "private": true, "stars": 42},
                 "commits": [{"id": "aaa1", "message": "first"}, {"id": "bbb2", "message": "second"}],
                 "pusher": null}
                """));
        assertThat(parameters.get("size").isInt()).isTrue();
    }

    @Test
    void arrayItemsAndNestedFieldsAreReachedByPath() {
        assertThat(apply("""
                {"first": "{{ body.commits[0].id }}", "second": "{{ body.commits[1].message }}",
                 "repo": "{{ body.repository.full_name }}", "all": "{{ body }}"}
                """, GITHUB, PUSH)).isEqualTo(json("""
                {"first": "aaa1", "second": "second", "repo": "octo/runway", "all": %s}
                """.formatted(PUSH)));
    }

    @Test
    void expressionsInsideLongerTextAreWrittenAsText() {
        assertThat(apply("""
                {"title": "{{ headers.X-GitHub-Event }} of {{ body.size }} commits to {{ body.ref }} (forced: {{ body.forced }})",
                 "repo": "repo {{ body.repository }}", "nobody": "by {{ body.pusher }}"}
                """, GITHUB, PUSH)).isEqualTo(json("""
                {"title": "push of 2 commits to refs/heads/main (forced: false)",
                 "repo": "repo {\\"full_name\\":\\"octo/runway\\",\\"private\\":true,\\"stars\\":42}",
                 "nobody": "by null"}
                """));
    }

    @Test
    void literalsNestedObjectsAndArraysAreMappedAllTheWayDown() {
        assertThat(apply("""
                {"source": "github", "attempts": 3, "dry": true, "none": null,
                 "git": {"ref": "{{ body.ref }}", "ids": ["{{ body.commits[0].id }}", "{{ body.commits[1].id }}", 7]},
                 "plain": "no {braces} here }}"}
                """, GITHUB, PUSH)).isEqualTo(json("""
                {"source": "github", "attempts": 3, "dry": true, "none": null,
                 "git": {"ref": "refs/heads/main", "ids": ["aaa1", "bbb2", 7]},
                 "plain": "no {braces} here }}"}
                """));
    }

    @Test
    void headersAreFoundWhateverTheCaseAndAlwaysGiveText() {
        DeliveryHeaders sent = headers("x-github-event", "push", "X-Count", "3", "Accept", "a", "accept", "b");

        assertThat(apply("""
                {"event": "{{ headers.X-GITHUB-EVENT }}", "count": "{{ headers.x-count }}", "accept": "{{ headers.Accept }}"}
                """, sent, "")).isEqualTo(json("""
                {"event": "push", "count": "3", "accept": "a, b"}
                """));
    }

    @Test
    void aTemplateThatReadsOnlyHeadersTakesAnyBody() {
        assertThat(apply("{\"event\": \"{{ headers.X-GitHub-Event }}\"}", GITHUB, "payload=not%20json"))
                .isEqualTo(json("{\"event\": \"push\"}"));
    }

    @Test
    void everyMissingValueIsNamedAtOnceWithItsParameterAndNoParametersAreMade() {
        InvalidInputException problem = refused("""
                {"ref": "{{ body.ref }}", "tag": "{{ body.tag }}", "third": "{{ body.commits[2].id }}",
                 "deep": {"name": "{{ body.repository.owner.name }}", "list": ["x", "{{ headers.X-Missing }}"]},
                 "size": "{{ body.size.value }}", "title": "{{ body.title }} by {{ body.pusher.name }}",
                 "ok": "{{ body.ref }}"}
                """, GITHUB, PUSH);

        assertThat(problem.errors()).containsExactly(
                new FieldError("parameters.tag", "body.tag is missing from the delivery"),
                new FieldError("parameters.third", "body.commits[2].id is missing from the delivery"),
                new FieldError("parameters.deep.name", "body.repository.owner.name is missing from the delivery"),
                new FieldError("parameters.deep.list[1]", "headers.X-Missing is missing from the delivery"),
                new FieldError("parameters.size", "body.size.value is missing from the delivery"),
                new FieldError("parameters.title", "body.title is missing from the delivery"),
                new FieldError("parameters.title", "body.pusher.name is missing from the delivery"));
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsNamedOnceWhenTheTemplateReadsIt() {
        String template = """
                {"ref": "{{ body.ref }}", "size": "{{ body.size }}", "event": "{{ headers.X-Event }}"}
                """;

        InvalidInputException notJson = refused(template, GITHUB, "payload=%7B%22ref%22%3A1%7D");
        assertThat(notJson.errors()).hasSize(2);
        assertThat(notJson.errors().get(0).field()).isEqualTo("body");
        assertThat(notJson.errors().get(0).message()).startsWith("must be a JSON object; it is not JSON: ");
        assertThat(notJson.errors().get(1)).isEqualTo(new FieldError("parameters.event",
                "headers.X-Event is missing from the delivery"));

        assertThat(refused(template, headers("X-Event", "e"), "[1, 2]").errors()).containsExactly(
                new FieldError("body", "must be a JSON object; it is JSON of another type (array)"));
        assertThat(refused(template, headers("X-Event", "e"), "").errors()).containsExactly(
                new FieldError("body", "must be a JSON object; it is empty"));
        assertThat(refused(template, headers("X-Event", "e"), "{\"ref\": 1} {\"ref\": 2}").errors().getFirst().message())
                .startsWith("must be a JSON object; it is not JSON");
    }

    @Test
    void withoutATemplateTheBodyIsTheParameters() {
        WebhookTemplate whole = WebhookTemplate.wholeBody();

        assertThat(whole.apply(GITHUB, body(PUSH), LIMIT)).isEqualTo(json(PUSH));
        assertThat(whole.template()).isEmpty();
        assertThat(WebhookTemplate.of(null).apply(GITHUB, body("{\"a\": 1}"), LIMIT)).isEqualTo(json("{\"a\": 1}"));
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> whole.apply(GITHUB, body("\"text\""), LIMIT))
                .errors()).containsExactly(new FieldError("body", "must be a JSON object; it is JSON of another type (string)"));
    }

    @Test
    void templatesThatAreNotValidAreRefusedNamingEachFault() {
        InvalidInputException problem = catchThrowableOfType(InvalidInputException.class, () -> WebhookTemplate.of(json("""
                {"a": "{{ body.ref", "b": "{{ secrets.token }}", "c": {"d": ["{{ body..ref }}"]},
                 "e": "{{ headers.X Event }}", "f": "{{ body.commits[x] }}", "g": "{{}}", "ok": "{{ body.ref }}"}
                """)));

        assertThat(problem.errors()).extracting(FieldError::field)
                .containsExactly("template.a", "template.b", "template.c.d[0]", "template.e", "template.f", "template.g");
        assertThat(problem.errors().get(0).message()).isEqualTo("opens an expression with {{ and does not close it with }}");
        assertThat(problem.errors().get(1).message()).isEqualTo(
                "{{ secrets.token }} is not an expression: write {{ body.<path> }} or {{ headers.<Header-Name> }}");
        assertThat(problem.errors().get(2).message()).startsWith("{{ body..ref }} is not a path into the body");
    }

    @Test
    void aTemplateIsAtMostSixteenKilobytesAndSixteenLevelsDeep() {
        ObjectNode large = Json.mapper().createObjectNode().put("text", "x".repeat(WebhookTemplate.MAX_TEMPLATE_BYTES));
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> WebhookTemplate.of(large)).errors())
                .extracting(FieldError::field).containsExactly("template");

        String deep = "{\"a\":".repeat(16) + "1" + "}".repeat(16);
        assertThat(WebhookTemplate.of(json(deep)).apply(GITHUB, body("{}"), LIMIT)).isEqualTo(json(deep));
        String tooDeep = "{\"a\":".repeat(17) + "1" + "}".repeat(17);
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> WebhookTemplate.of(json(tooDeep))).errors())
                .containsExactly(new FieldError("template" + ".a".repeat(16), "nests deeper than 16 levels"));
    }

    @Test
    void aPathHasAtMostThirtyTwoSteps() {
        String longest = "body" + ".a".repeat(32);
        String nested = "{\"a\":".repeat(32) + "\"end\"" + "}".repeat(32);

        assertThat(WebhookTemplate.of(json("{\"v\": \"{{ " + longest + " }}\"}")).apply(GITHUB, body(nested), LIMIT))
                .isEqualTo(json("{\"v\": \"end\"}"));
        assertThat(catchThrowableOfType(InvalidInputException.class,
                () -> WebhookTemplate.of(json("{\"v\": \"{{ " + longest + ".a }}\"}"))).errors().getFirst().message())
                .endsWith("has 33 steps; at most 32 are allowed");
    }

    @Test
    void theResultIsBoundedByTheCallersLimitEvenWhileItIsBuilt() {
        String big = "{\"blob\": \"" + "x".repeat(10_000) + "\"}";
        ObjectNode copies = Json.mapper().createObjectNode();
        for (int i = 0; i < 800; i++) {
            copies.withArray("c").add(i % 2 == 0 ? "{{ body }}" : "+{{ body.blob }}");
        }
        copies.put("last", "{{ body.missing }}");
        WebhookTemplate template = WebhookTemplate.of(copies); // 8 MB of parameters, from a template of 11 kB

        InvalidInputException problem = catchThrowableOfType(InvalidInputException.class,
                () -> template.apply(GITHUB, body(big), 100_000));

        // mapping stopped at the limit: it never got as far as the last parameter
        assertThat(problem.errors()).containsExactly(new FieldError("parameters",
                "would be more than 100000 bytes of JSON; at most 100000 are allowed"));
    }

    @Test
    void aResultExactlyAtTheLimitIsAcceptedAndOneByteMoreIsNot() {
        WebhookTemplate template = WebhookTemplate.of(json("{\"v\": \"{{ body.v }}\"}"));
        byte[] delivery = body("{\"v\": \"abcdef\"}");
        int exact = "{\"v\":\"abcdef\"}".length();

        assertThat(template.apply(GITHUB, delivery, exact)).isEqualTo(json("{\"v\": \"abcdef\"}"));
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> template.apply(GITHUB, delivery, exact - 1))
                .errors()).extracting(FieldError::field).containsExactly("parameters");
        assertThat(catchThrowableOfType(InvalidInputException.class,
                () -> WebhookTemplate.wholeBody().apply(GITHUB, delivery, exact - 1)).errors())
                .extracting(FieldError::field).containsExactly("parameters");
    }

    @Test
    void theTemplateIsKeptAsGivenAndCannotBeChangedFromOutside() {
        ObjectNode given = json("{\"ref\": \"{{ body.ref }}\"}");
        WebhookTemplate template = WebhookTemplate.of(given);
        given.put("ref", "changed");
        template.template().orElseThrow().put("ref", "changed too");

        assertThat(template.template()).contains(json("{\"ref\": \"{{ body.ref }}\"}"));
        assertThat(template.apply(GITHUB, body(PUSH), LIMIT)).isEqualTo(json("{\"ref\": \"refs/heads/main\"}"));
    }

    @Test
    void aResultDoesNotShareNodesWithTheBodyOrAnotherResult() {
        WebhookTemplate template = WebhookTemplate.of(json("{\"repo\": \"{{ body.repository }}\", \"n\": 1}"));
        ObjectNode first = template.apply(GITHUB, body(PUSH), LIMIT);
        ((ObjectNode) first.get("repo")).put("stars", 0);
        first.put("n", 2);

        assertThat(template.apply(GITHUB, body(PUSH), LIMIT).get("repo").get("stars").intValue()).isEqualTo(42);
        assertThat(template.apply(GITHUB, body(PUSH), LIMIT).get("n").intValue()).isEqualTo(1);
    }

    @Test
    void itTellsWhetherAnExpressionAnywhereRefersToAHeader() {
        WebhookTemplate nested = WebhookTemplate.of(json("""
                {"event":"{{ body.action }}","tags":["static", {"by":"sent by {{ headers.x-runway-token }}"}]}"""));
        WebhookTemplate whole = WebhookTemplate.of(json("{\"event\":\"{{ headers.X-GitHub-Event }}\"}"));

        assertThat(nested.refersToHeader("X-Runway-Token")).isTrue();
        assertThat(nested.refersToHeader("X-GitHub-Event")).isFalse();
        assertThat(whole.refersToHeader("x-github-event")).isTrue();
        assertThat(WebhookTemplate.of(json("{\"token\":\"headers.X-Runway-Token\"}")).refersToHeader("X-Runway-Token"))
                .as("text that is no expression").isFalse();
        assertThat(WebhookTemplate.wholeBody().refersToHeader("X-Runway-Token")).isFalse();
    }

    private static ObjectNode apply(String template, DeliveryHeaders headers, String body) {
        return WebhookTemplate.of(json(template)).apply(headers, body(body), LIMIT);
    }

    private static InvalidInputException refused(String template, DeliveryHeaders headers, String body) {
        return catchThrowableOfType(InvalidInputException.class, () -> apply(template, headers, body));
    }

    private static ObjectNode json(String text) {
        JsonNode node = Json.mapper().readTree(text);
        return (ObjectNode) node;
    }
}
