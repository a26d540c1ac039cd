package dev.runway.controlplane.webhooks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * What a template expression {@code {{ … }}} refers to: a value in the delivery's JSON body
 * ({@code body}, {@code body.ref}, {@code body.commits[0].id}) or one of its headers
 * ({@code headers.X-GitHub-Event}, any case).
 */
sealed interface TemplateReference {

    int MAX_STEPS = 32;

    /** The expression as its author wrote it, for messages: {@code body.commits[0].id}. */
    String text();

    /**
     * The reference an expression (the text between the braces, without the spaces around it) makes.
     *
     * @throws IllegalArgumentException saying why the expression is not one
     */
    static TemplateReference parse(String expression) {
        if (expression.equals("body") || expression.startsWith("body.") || expression.startsWith("body[")) {
            return Body.parse(expression);
        }
        if (expression.startsWith("headers.")) {
            String name = expression.substring("headers.".length());
            if (!DeliveryHeaders.NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("{{ " + expression + " }} does not name a header");
            }
            return new Header(name);
        }
        throw new IllegalArgumentException("{{ " + expression + " }} is not an expression: write {{ body.<path> }} "
                + "or {{ headers.<Header-Name> }}");
    }

    /** A value in the body: each step a field name ({@link String}) or an array index ({@link Integer}). */
    record Body(String text, List<Object> steps) implements TemplateReference {

        /** {@code .name} (any characters but {@code . [ ]} and spaces) or {@code [n]} (up to nine digits). */
        private static final Pattern STEP = Pattern.compile("\\.([^.\\[\\]\\s]+)|\\[([0-9]{1,9})]");

        static Body parse(String expression) {
            List<Object> steps = new ArrayList<>();
            Matcher step = STEP.matcher(expression);
            int at = "body".length();
            while (at < expression.length()) {
                if (!step.find(at) || step.start() != at) {
                    throw new IllegalArgumentException("{{ " + expression + " }} is not a path into the body: write "
                            + ".<field> for a field and [<n>] for an item of an array, e.g. body.commits[0].id");
                }
                steps.add(step.group(1) != null ? step.group(1) : Integer.valueOf(step.group(2)));
                at = step.end();
            }
            if (steps.size() > MAX_STEPS) {
                throw new IllegalArgumentException("{{ " + expression + " }} has " + steps.size() + " steps; at most "
                        + MAX_STEPS + " are allowed");
            }
            return new Body(expression, List.copyOf(steps));
        }

        /** The value at this path, or a missing node when there is none (a JSON null is a value). */
        JsonNode find(JsonNode body) {
            JsonNode node = body;
            for (Object step : steps) {
                node = step instanceof Integer index ? node.path(index) : node.path((String) step);
            }
            return node;
        }
    }

    record Header(String name) implements TemplateReference {

        @Override
        public String text() {
            return "headers." + name;
        }
    }
}
