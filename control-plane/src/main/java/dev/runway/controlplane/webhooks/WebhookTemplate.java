package dev.runway.controlplane.webhooks;

import dev.runway.controlplane.problem.InvalidInputException;
import dev.runway.controlplane.problem.InvalidInputException.FieldError;
import dev.runway.model.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps a webhook delivery to the parameters of the run it starts.
 *
 * <p>A template is a JSON object shaped like the parameters. Its string values may hold expressions:
 * {@code {{ body.<path> }}} (fields as {@code .name}, array items as {@code [n]}, e.g.
 * {@code body.commits[0].id}; {@code {{ body }}} is the whole body) and {@code {{ headers.<Header-Name> }}}
 * (any case; a header sent several times gives its values joined with ", "). A string that is exactly one
 * expression takes the value it refers to with its JSON type (object, number, boolean, null…); an expression
 * inside a longer string is written into it as text (a string as it is, any other value as its JSON).
 * Objects and arrays are mapped item by item; other values are taken as they are. Every <code>{{</code> in a
 * string must open an expression. Without a template, the body (a JSON object) is the parameters.
 *
 * <p>A delivery that lacks something the template refers to gets every such fault named at once, each with
 * the parameter and the expression ({@code parameters.ref: body.ref is missing from the delivery}), and no
 * parameters at all. The work is bounded: the template is at most {@value #MAX_TEMPLATE_BYTES} bytes of JSON
 * nested at most {@value #MAX_DEPTH} deep, a path has at most 32 steps, and
 * the result may not grow past the size its caller allows, even while it is built.
 */
public final class WebhookTemplate {

    public static final int MAX_TEMPLATE_BYTES = 16 * 1024;
    public static final int MAX_DEPTH = 16;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String TEMPLATE = "template";
    private static final String PARAMETERS = "parameters";

    private final ObjectNode template;
    private final Part root;

    private WebhookTemplate(ObjectNode template, Part root) {
        this.template = template;
        this.root = root;
    }

    /** No template: the delivery's body, a JSON object, is the parameters. */
    public static WebhookTemplate wholeBody() {
        return new WebhookTemplate(null, null);
    }

    /**
     * The template as given, checked; null means {@link #wholeBody()}.
     *
     * @throws InvalidInputException naming each fault as {@code template.<key>}
     */
    public static WebhookTemplate of(ObjectNode template) {
        if (template == null) {
            return wholeBody();
        }
        int bytes = Json.mapper().writeValueAsBytes(template).length;
        if (bytes > MAX_TEMPLATE_BYTES) {
            throw InvalidInputException.of(TEMPLATE, "is " + bytes + " bytes of JSON; at most " + MAX_TEMPLATE_BYTES
                    + " are allowed");
        }
        List<FieldError> errors = new ArrayList<>();
        Part root = compile(TEMPLATE, template, 1, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("the webhook's template is not valid", errors);
        }
        return new WebhookTemplate(template.deepCopy(), root);
    }

    /** Whether an expression of the template refers to the header {@code name} (in any case). */
    public boolean refersToHeader(String name) {
        return root != null && refersToHeader(root, name);
    }

    private static boolean refersToHeader(Part part, String name) {
        return switch (part) {
            case Literal literal -> false;
            case Whole whole -> isHeader(whole.reference(), name);
            case Text text -> text.pieces().stream()
                    .anyMatch(piece -> piece instanceof TemplateReference reference && isHeader(reference, name));
            case Fields fields -> fields.fields().values().stream().anyMatch(value -> refersToHeader(value, name));
            case Items items -> items.items().stream().anyMatch(item -> refersToHeader(item, name));
        };
    }

    private static boolean isHeader(TemplateReference reference, String name) {
        return reference instanceof TemplateReference.Header header && header.name().equalsIgnoreCase(name);
    }

    /** The template, to store or show; empty for {@link #wholeBody()}. */
    public Optional<ObjectNode> template() {
        return Optional.ofNullable(template).map(ObjectNode::deepCopy);
    }

    /**
     * The parameters for one delivery: its headers and its raw body. The body is read only when the template
     * refers to it (or there is none), and must then be a JSON object.
     *
     * @param maxResultBytes the most bytes of JSON the parameters may take
     * @throws InvalidInputException naming every fault: {@code parameters.<key>} for what the delivery lacks,
     *                               {@code body} when it is not a JSON object, {@code parameters} when too large
     */
    public ObjectNode apply(DeliveryHeaders headers, byte[] body, int maxResultBytes) {
        Delivery delivery = new Delivery(headers, body);
        ResultBudget budget = new ResultBudget(maxResultBytes);
        try {
            JsonNode parameters = root == null ? delivery.body() : new Mapping(delivery, budget).map(PARAMETERS, root);
            if (delivery.errors.isEmpty()) {
                new ResultBudget(maxResultBytes).spend(parameters);
                return (ObjectNode) parameters;
            }
        } catch (ResultBudget.Exceeded tooLarge) {
            delivery.errors.add(new FieldError(PARAMETERS, "would be more than " + maxResultBytes
                    + " bytes of JSON; at most " + maxResultBytes + " are allowed"));
        }
        throw new InvalidInputException("the delivery does not fit the webhook's template", delivery.errors);
    }

    /** A template compiled once, so that a delivery only looks values up. */
    private sealed interface Part {
    }

    private record Literal(JsonNode value) implements Part {
    }

    /** A string that is exactly one expression: the value with its type. */
    private record Whole(TemplateReference reference) implements Part {
    }

    /** A string with expressions among text: each piece a {@link String} or a {@link TemplateReference}. */
    private record Text(List<Object> pieces) implements Part {
    }

    private record Fields(Map<String, Part> fields) implements Part {
    }

    private record Items(List<Part> items) implements Part {
    }

    private static Part compile(String field, JsonNode node, int depth, List<FieldError> errors) {
        if (node.isContainer() && depth > MAX_DEPTH) {
            errors.add(new FieldError(field, "nests deeper than " + MAX_DEPTH + " levels"));
            return new Literal(node);
        }
        if (node.isObject()) {
            Map<String, Part> fields = new LinkedHashMap<>();
            node.properties().forEach(p -> fields.put(p.getKey(), compile(field + "." + p.getKey(), p.getValue(), depth + 1, errors)));
            return new Fields(fields);
        }
        if (node.isArray()) {
            List<Part> items = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                items.add(compile(field + "[" + i + "]", node.get(i), depth + 1, errors));
            }
            return new Items(items);
        }
        return node.isString() ? compileText(field, node.stringValue(), errors) : new Literal(node);
    }

    private static Part compileText(String field, String text, List<FieldError> errors) {
        List<Object> pieces = new ArrayList<>();
        int at = 0;
        for (int open = text.indexOf("{{"); open >= 0; open = text.indexOf("{{", at)) {
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                errors.add(new FieldError(field, "opens an expression with {{ and does not close it with }}"));
                return new Literal(NODES.stringNode(text));
            }
            if (open > at) {
                pieces.add(text.substring(at, open));
            }
            try {
                pieces.add(TemplateReference.parse(text.substring(open + 2, close).strip()));
            } catch (IllegalArgumentException notAnExpression) {
                errors.add(new FieldError(field, notAnExpression.getMessage()));
            }
            at = close + 2;
        }
        if (at < text.length()) {
            pieces.add(text.substring(at));
        }
        if (pieces.size() == 1 && pieces.getFirst() instanceof TemplateReference reference) {
            return new Whole(reference);
        }
        return pieces.stream().allMatch(String.class::isInstance) ? new Literal(NODES.stringNode(text)) : new Text(pieces);
    }

    /** One delivery, its body read at most once and only if needed, and the faults found in it. */
    private static final class Delivery {

        private static final int MAX_REASON = 200;

        final DeliveryHeaders headers;
        final List<FieldError> errors = new ArrayList<>();
        private final byte[] raw;
        private ObjectNode body;
        private boolean read;

        Delivery(DeliveryHeaders headers, byte[] raw) {
            this.headers = headers;
            this.raw = raw;
        }

        /** The body, or null once its fault is named. */
        ObjectNode body() {
            if (!read) {
                read = true;
                String fault = parse();
                if (fault != null) {
                    errors.add(new FieldError("body", "must be a JSON object; it is " + fault));
                }
            }
            return body;
        }

        private String parse() {
            if (raw.length == 0) {
                return "empty";
            }
            JsonNode json;
            try {
                json = Json.mapper().readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                        .readValue(raw);
            } catch (JacksonException e) {
                String reason = String.valueOf(e.getOriginalMessage());
                return "not JSON: " + (reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason);
            }
            if (json == null || json.isMissingNode()) {
                return "empty";
            }
            if (!json.isObject()) {
                return "JSON of another type (" + json.getNodeType().name().toLowerCase() + ")";
            }
            body = (ObjectNode) json;
            return null;
        }
    }

    /** Builds the parameters for one delivery, part by part, spending its budget as values are copied in. */
    private record Mapping(Delivery delivery, ResultBudget budget) {

        JsonNode map(String field, Part part) {
            return switch (part) {
                case Literal literal -> literal.value();
                case Whole whole -> {
                    JsonNode value = find(field, whole.reference());
                    if (value == null) {
                        yield NODES.nullNode();
                    }
                    budget.spend(value);
                    yield value.deepCopy();
                }
                case Text text -> NODES.stringNode(interpolate(field, text));
                case Fields fields -> {
                    ObjectNode object = NODES.objectNode();
                    fields.fields().forEach((key, value) -> object.set(key, map(field + "." + key, value)));
                    yield object;
                }
                case Items items -> {
                    ArrayNode array = NODES.arrayNode();
                    for (int i = 0; i < items.items().size(); i++) {
                        array.add(map(field + "[" + i + "]", items.items().get(i)));
                    }
                    yield array;
                }
            };
        }

        private String interpolate(String field, Text text) {
            StringBuilder result = new StringBuilder();
            for (Object piece : text.pieces()) {
                if (piece instanceof TemplateReference reference) {
                    JsonNode value = find(field, reference);
                    if (value != null && value.isString()) {
                        budget.spend(value.stringValue());
                        result.append(value.stringValue());
                    } else if (value != null) {
                        result.append(budget.json(value));
                    }
                } else {
                    result.append((String) piece);
                }
            }
            return result.toString();
        }

        /** The value referred to, or null once its fault (or the body's) is named. */
        private JsonNode find(String field, TemplateReference reference) {
            JsonNode value = switch (reference) {
                case TemplateReference.Header header -> {
                    List<String> values = delivery.headers.values(header.name());
                    yield values.isEmpty() ? NODES.missingNode() : NODES.stringNode(String.join(", ", values));
                }
                // a body that is not a JSON object is named once, not once per expression
                case TemplateReference.Body path -> delivery.body() == null ? null : path.find(delivery.body());
            };
            if (value != null && value.isMissingNode()) {
                delivery.errors.add(new FieldError(field, reference.text() + " is missing from the delivery"));
                return null;
            }
            return value;
        }
    }
}
