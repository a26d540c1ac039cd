package dev.runway.infra;

import com.bertramlabs.plugins.hcl4j.HCLParserException;
import com.bertramlabs.plugins.hcl4j.HclSyntaxTree;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.ComputedObject;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.ComputedTuple;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.Function;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.Operator;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.StringInterpolatedExpression;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.Variable;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.VariableTree;
import com.bertramlabs.plugins.hcl4j.symbols.GenericSymbol;
import com.bertramlabs.plugins.hcl4j.symbols.HCLArray;
import com.bertramlabs.plugins.hcl4j.symbols.HCLAttribute;
import com.bertramlabs.plugins.hcl4j.symbols.HCLBlock;
import com.bertramlabs.plugins.hcl4j.symbols.HCLValue;
import com.bertramlabs.plugins.hcl4j.symbols.Symbol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A Terraform configuration, the {@code .tf} files of one folder, read with hcl4j into blocks whose attributes keep
 * their expressions, so the tests can follow references and work out the values that the configuration itself
 * fixes (literals, variable defaults, locals, attributes set on resources).
 */
final class Terraform {

    /** Top-level block types and how many labels each has. */
    private static final Map<String, Integer> TOP_LEVEL = Map.of("terraform", 0, "locals", 0, "provider", 1,
            "variable", 1, "output", 1, "module", 1, "resource", 2, "data", 2);

    record Location(String file, int line) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    /** A traversal such as {@code var.region} or {@code google_compute_network.main.id}; index steps left out. */
    record Reference(List<String> path, Location at) {
        String root() {
            return path.getFirst();
        }

        /** {@code type.name} of a resource, {@code var.x}, {@code local.x}. */
        String address() {
            return path.size() < 2 ? root() : path.get(0) + "." + path.get(1);
        }

        @Override
        public String toString() {
            return String.join(".", path) + " (" + at + ")";
        }
    }

    /** A value the configuration alone does not fix: known at apply time at best. */
    record Unknown(String why) {
    }

    /** An attribute's value as written: one symbol, or several joined by operators. */
    record Expression(List<Symbol> symbols, Location at) {

        /** Every reference in it; those to a for-expression's own variables left out. */
        List<Reference> references() {
            List<Reference> found = new ArrayList<>();
            symbols.forEach(symbol -> collect(symbol, Set.of(), found));
            return found;
        }

        boolean refersTo(String address) {
            return references().stream().anyMatch(reference -> reference.address().equals(address));
        }

        /** A field of an object literal ({@code {name = …}}). */
        Optional<Expression> field(String name) {
            if (symbols.size() != 1 || !(symbols.getFirst() instanceof HCLBlock object)) {
                return Optional.empty();
            }
            return object.getChildren().stream()
                    .filter(field -> field instanceof HCLAttribute && name.equals(field.getName())).findFirst()
                    .map(field -> new Expression(field.getChildren(), new Location(at.file(), line(field))));
        }

        /** The field names of an object literal; none for anything else. */
        Set<String> fieldNames() {
            Set<String> names = new TreeSet<>();
            if (symbols.size() == 1 && symbols.getFirst() instanceof HCLBlock object) {
                object.getChildren().forEach(field -> names.add(field.getName()));
            }
            return names;
        }

        /** The string literals written in it, those of string templates included. */
        List<String> strings() {
            List<String> found = new ArrayList<>();
            symbols.forEach(symbol -> findStrings(symbol, found));
            return found;
        }

        private static void findStrings(Symbol symbol, List<String> found) {
            if (symbol instanceof HCLValue literal && "string".equals(literal.type)) {
                found.add((String) literal.value);
            }
            children(symbol).forEach(child -> findStrings(child, found));
        }

        /** The arguments of each call of {@code function} in it, one expression per argument. */
        List<List<Expression>> calls(String function) {
            List<List<Expression>> calls = new ArrayList<>();
            symbols.forEach(symbol -> findCalls(symbol, function, calls));
            return calls;
        }

        private void findCalls(Symbol symbol, String function, List<List<Expression>> found) {
            if (symbol instanceof Function call && function.equals(call.getName())) {
                found.add(call.getChildren().stream()
                        .map(argument -> new Expression(List.of(argument), new Location(at.file(), line(call))))
                        .toList());
            }
            children(symbol).forEach(child -> findCalls(child, function, found));
        }

        private void collect(Symbol symbol, Set<String> bound, List<Reference> found) {
            if (symbol instanceof VariableTree tree) {
                List<Symbol> parts = tree.getChildren();
                if (!parts.isEmpty() && parts.getFirst() instanceof Function) {
                    parts.forEach(part -> collect(part, bound, found));
                    return;
                }
                List<String> path = new ArrayList<>();
                for (Symbol part : parts) {
                    if (part instanceof Variable step && !(part instanceof VariableTree)) {
                        path.add(step.getName());
                    } else {
                        collect(part, bound, found);
                    }
                }
                if (!path.isEmpty() && !bound.contains(path.getFirst())) {
                    found.add(new Reference(List.copyOf(path), new Location(at.file(), line(tree))));
                }
                return;
            }
            Set<String> inner = bound;
            if (symbol instanceof ComputedObject loop) {
                inner = bind(bound, loop.getVariables());
            } else if (symbol instanceof ComputedTuple loop) {
                inner = bind(bound, loop.getVariables());
            }
            for (Symbol child : children(symbol)) {
                collect(child, inner, found);
            }
        }

        private static Set<String> bind(Set<String> bound, List<Variable> variables) {
            Set<String> names = new HashSet<>(bound);
            variables.forEach(variable -> names.add(variable.getName()));
            return names;
        }
    }

    record Block(String type, List<String> labels, Map<String, Expression> attributes, List<Block> blocks,
                 Location at) {

        /** {@code type.name} for resources and data sources, the name for variables and outputs. */
        String address() {
            if (labels.size() == 2) {
                return labels.get(0) + "." + labels.get(1);
            }
            return labels.isEmpty() ? type : labels.getFirst();
        }

        Optional<Expression> attribute(String name) {
            return Optional.ofNullable(attributes.get(name));
        }

        List<Block> blocks(String blockType) {
            return blocks.stream().filter(block -> block.type().equals(blockType)).toList();
        }

        /** The first nested block down this path of block types, e.g. {@code ("settings", "ip_configuration")}. */
        Optional<Block> block(String... path) {
            Optional<Block> current = Optional.of(this);
            for (String step : path) {
                current = current.flatMap(block -> block.blocks(step).stream().findFirst());
            }
            return current;
        }

        /** The references in this block and the blocks within it, but lifecycle's lists of attribute names. */
        List<Reference> references() {
            List<Reference> found = new ArrayList<>();
            attributes.forEach((name, value) -> {
                if (!(type.equals("lifecycle") && name.equals("ignore_changes"))) {
                    found.addAll(value.references());
                }
            });
            blocks.forEach(block -> found.addAll(block.references()));
            return found;
        }

        @Override
        public String toString() {
            return (labels.size() == 2 ? type + " " : "") + address() + " (" + at + ")";
        }
    }

    private final Path folder;
    private final List<Block> blocks;

    private Terraform(Path folder, List<Block> blocks) {
        this.folder = folder;
        this.blocks = blocks;
    }

    /** The configuration in {@code folder}: every {@code *.tf} file there, as Terraform reads them. */
    static Terraform read(Path folder) {
        return of(folder, sources(folder));
    }

    /** The {@code *.tf} files of a folder by name, in name order. */
    static Map<String, String> sources(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            Map<String, String> sources = new TreeMap<>();
            for (Path file : files.filter(path -> path.getFileName().toString().endsWith(".tf")).toList()) {
                sources.put(file.getFileName().toString(), Files.readString(file));
            }
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A configuration of these file texts; template files are looked for in {@code folder}. */
    static Terraform of(Path folder, Map<String, String> sources) {
        List<Block> blocks = new ArrayList<>();
        sources.forEach((file, text) -> {
            for (Symbol symbol : syntax(file, text)) {
                if (!(symbol instanceof HCLBlock block) || !TOP_LEVEL.containsKey(block.blockNames.getFirst())) {
                    throw new IllegalArgumentException(file + ":" + line(symbol) + ": '" + symbol.getName()
                            + "' is not a top-level block (" + String.join(", ", TOP_LEVEL.keySet())
                            + "); is a brace missing above it?");
                }
                Block read = block(block, file);
                if (read.labels().size() != TOP_LEVEL.get(read.type())) {
                    throw new IllegalArgumentException(read.at() + ": a " + read.type() + " block takes "
                            + TOP_LEVEL.get(read.type()) + " labels, not " + read.labels());
                }
                blocks.add(read);
            }
        });
        return new Terraform(folder, List.copyOf(blocks));
    }

    /** The assignments of a variable definitions file ({@code *.tfvars}). */
    static Map<String, Expression> assignments(Path file) {
        try {
            String name = file.getFileName().toString();
            Map<String, Expression> assignments = new LinkedHashMap<>();
            for (Symbol symbol : syntax(name, Files.readString(file))) {
                if (!(symbol instanceof HCLAttribute assignment)) {
                    throw new IllegalArgumentException(name + ":" + line(symbol) + ": only name = value lines belong in"
                            + " a variable definitions file");
                }
                assignments.put(assignment.getName(),
                        new Expression(assignment.getChildren(), new Location(name, line(symbol))));
            }
            return assignments;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path folder() {
        return folder;
    }

    List<Block> blocks() {
        return blocks;
    }

    List<Block> blocks(String type) {
        return blocks.stream().filter(block -> block.type().equals(type)).toList();
    }

    List<Block> resources(String resourceType) {
        return blocks("resource").stream().filter(block -> block.labels().getFirst().equals(resourceType)).toList();
    }

    Optional<Block> resource(String address) {
        return blocks("resource").stream().filter(block -> block.address().equals(address)).findFirst();
    }

    Map<String, Block> variables() {
        Map<String, Block> variables = new LinkedHashMap<>();
        blocks("variable").forEach(block -> variables.put(block.address(), block));
        return variables;
    }

    /** Every local value, from all {@code locals} blocks. */
    Map<String, Expression> locals() {
        Map<String, Expression> locals = new LinkedHashMap<>();
        blocks("locals").forEach(block -> locals.putAll(block.attributes()));
        return locals;
    }

    /**
     * The value of an expression as far as the configuration fixes it: a String, a Long or BigDecimal, a Boolean,
     * a List, a Map (an object), null, or {@link Unknown}. Variables take their defaults; a resource attribute
     * takes what the resource sets it to.
     */
    Object value(Expression expression) {
        return value(expression, 0);
    }

    private Object value(Expression expression, int depth) {
        if (depth > 20) {
            return new Unknown("references nested too deep at " + expression.at());
        }
        if (expression.symbols().size() != 1) {
            return new Unknown("an operator expression at " + expression.at());
        }
        return value(expression.symbols().getFirst(), expression.at(), depth);
    }

    private Object value(Symbol symbol, Location at, int depth) {
        return switch (symbol) {
            case HCLValue literal -> literal(literal);
            case HCLArray list -> list.getChildren().stream().map(item -> value(item, at, depth)).toList();
            case HCLBlock object -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                for (Symbol field : object.getChildren()) {
                    fields.put(field.getName(), value(new Expression(field.getChildren(), at), depth + 1));
                }
                yield fields;
            }
            case StringInterpolatedExpression template -> template(template, at, depth);
            case VariableTree tree -> traversal(tree, at, depth);
            default -> new Unknown(symbol.getSymbolName() + " at " + at);
        };
    }

    private static Object literal(HCLValue literal) {
        return switch (literal.type) {
            case "string" -> literal.value;
            case "boolean" -> Boolean.valueOf((String) literal.value);
            case "number" -> {
                BigDecimal number = new BigDecimal((String) literal.value);
                yield number.stripTrailingZeros().scale() <= 0 ? (Object) number.longValueExact() : number;
            }
            default -> null;
        };
    }

    /** {@code "a${x}b"}: hcl4j reads it as parts joined by {@code +}, each interpolation a nested template. */
    private Object template(StringInterpolatedExpression template, Location at, int depth) {
        List<Symbol> parts = template.getChildren().stream()
                .filter(part -> !(part instanceof Operator plus && "+".equals(plus.getName()))).toList();
        if (parts.size() != template.getChildren().stream().filter(part -> !(part instanceof Operator)).count()) {
            return new Unknown("an operator inside a string at " + at);
        }
        StringBuilder text = new StringBuilder();
        for (Symbol part : parts) {
            Object value = part instanceof StringInterpolatedExpression inner && inner.getChildren().size() == 1
                    ? value(inner.getChildren().getFirst(), at, depth + 1) : value(part, at, depth + 1);
            if (!(value instanceof String || value instanceof Number)) {
                return new Unknown("a string made of " + value + " at " + at);
            }
            text.append(value);
        }
        return text.toString();
    }

    private Object traversal(VariableTree tree, Location at, int depth) {
        List<Symbol> parts = tree.getChildren();
        if (parts.getFirst() instanceof Function call) {
            if (parts.size() == 1 && call.getName().equals("tostring") && call.getChildren().size() == 1) {
                Object argument = value(call.getChildren().getFirst(), at, depth + 1);
                return argument instanceof String || argument instanceof Number || argument instanceof Boolean
                        ? String.valueOf(argument) : argument;
            }
            return new Unknown(call.getName() + "(…) at " + at);
        }
        if (parts.stream().anyMatch(part -> !(part instanceof Variable) || part instanceof VariableTree)) {
            return new Unknown(tree.getName() + " (indexed) at " + at);
        }
        List<String> path = parts.stream().map(Symbol::getName).toList();
        if (path.size() == 2 && path.get(0).equals("var")) {
            Block variable = variables().get(path.get(1));
            return variable == null ? new Unknown("undeclared " + tree.getName())
                    : variable.attribute("default").map(fallback -> value(fallback, depth + 1))
                            .orElse(new Unknown(tree.getName() + " has no default"));
        }
        if (path.size() == 2 && path.get(0).equals("local")) {
            Expression local = locals().get(path.get(1));
            return local == null ? new Unknown("undeclared " + tree.getName()) : value(local, depth + 1);
        }
        if (path.size() == 3) {
            Optional<Expression> set = resource(path.get(0) + "." + path.get(1))
                    .flatMap(resource -> resource.attribute(path.get(2)));
            if (set.isPresent()) {
                return value(set.get(), depth + 1);
            }
        }
        return new Unknown(tree.getName() + " is known at apply time");
    }

    private static List<Symbol> syntax(String file, String text) {
        try {
            return HclSyntaxTree.of(text);
        } catch (HCLParserException | IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": not HCL that hcl4j can read: " + e.getMessage(), e);
        }
    }

    private static Block block(HCLBlock block, String file) {
        Map<String, Expression> attributes = new LinkedHashMap<>();
        List<Block> nested = new ArrayList<>();
        Location at = new Location(file, line(block));
        for (Symbol child : block.getChildren()) {
            if (child instanceof HCLBlock inner) {
                nested.add(block(inner, file));
            } else if (child instanceof HCLAttribute attribute && attribute.getName() != null) {
                Expression value = new Expression(attribute.getChildren(), new Location(file, line(attribute)));
                if (attributes.put(attribute.getName(), value) != null) {
                    throw new IllegalArgumentException(value.at() + ": '" + attribute.getName()
                            + "' is set twice in " + String.join(" ", block.blockNames));
                }
            } else {
                throw new IllegalArgumentException(file + ":" + line(child) + ": unexpected " + child.getSymbolName()
                        + " in " + String.join(" ", block.blockNames));
            }
        }
        List<String> names = block.blockNames;
        return new Block(names.getFirst(), List.copyOf(names.subList(1, names.size())), attributes, List.copyOf(nested),
                at);
    }

    private static List<Symbol> children(Symbol symbol) {
        List<Symbol> children = symbol.getChildren();
        return children == null ? List.of() : children;
    }

    /** hcl4j counts lines from 0. */
    private static int line(Symbol symbol) {
        Integer line = symbol instanceof GenericSymbol generic ? generic.getLine() : null;
        return line == null ? 0 : line + 1;
    }
}
