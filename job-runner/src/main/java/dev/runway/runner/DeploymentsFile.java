package dev.runway.runner;

import dev.runway.model.DeploymentProblem;
import dev.runway.model.json.JacksonFieldPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads deployments.yaml: a {@code deployments} list whose entries are {@link DeploymentDeclaration}s.
 * Mistakes are reported with the file's line, because that is where the person will look. A mistake inside one
 * entry (an unknown field, a value of the wrong type) is that entry's problem and the others are read on; only a
 * file that cannot be read as a {@code deployments:} list at all fails as a whole.
 *
 * <pre>{@code
 * deployments:
 *   - name: hello
 *     flow: hello
 *     parameters: {name: World}
 * }</pre>
 */
final class DeploymentsFile {

    static final String CLASSPATH_NAME = "deployments.yaml";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // a deployment's own fields are sorted out by hand (readDeployment); this catches a schedule's
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Values are read one at a time from the middle of the document.
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The fields a deployment may have, in the order the messages list them. */
    private static final List<String> FIELDS = Arrays.stream(DeploymentDeclaration.class.getRecordComponents())
            .map(RecordComponent::getName)
            .toList();

    /**
     * One entry of the list, e.g. at {@code deployments.yaml line 3}.
     *
     * @param index       its position in the list, from 0
     * @param name        its name when it has one that reads as text, else null
     * @param declaration what it declares; null when it could not be read
     * @param problems    what is wrong with it as written; an entry with any is not described
     */
    record Entry(int index, String where, String name, DeploymentDeclaration declaration,
                 List<DeploymentProblem> problems) {

        /** A problem found in this entry after reading it; the entry's own line says where. */
        DeploymentProblem problem(String field, String message) {
            return new DeploymentProblem(name, index, where, field, message);
        }
    }

    private DeploymentsFile() {
    }

    static List<Entry> fromClasspath(ClassLoader classLoader) {
        InputStream in = classLoader.getResourceAsStream(CLASSPATH_NAME);
        if (in == null) {
            throw new ConfigurationException("no " + CLASSPATH_NAME + " on the classpath; pass --deployments=path/to/"
                    + CLASSPATH_NAME);
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return read(CLASSPATH_NAME, reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Entry> fromFile(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return read(file.toString(), reader);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(file + " does not exist");
        } catch (IOException e) {
            throw new ConfigurationException("cannot read " + file + ": " + e.getMessage());
        }
    }

    static List<Entry> read(String source, Reader reader) {
        List<Entry> entries = new ArrayList<>();
        try (JsonParser parser = YAML.createParser(reader)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ConfigurationException(at(source, parser) + "expected a 'deployments:' list");
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                if (!"deployments".equals(parser.currentName())) {
                    throw new ConfigurationException(at(source, parser) + "unknown key '" + parser.currentName()
                            + "'; the file holds a 'deployments:' list");
                }
                if (parser.nextToken() != JsonToken.START_ARRAY) {
                    throw new ConfigurationException(at(source, parser) + "'deployments' must be a list");
                }
                for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY && token != null;
                        token = parser.nextToken()) {
                    entries.add(readEntry(source, entries.size(), parser));
                }
            }
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? source : source + " line " + e.getLocation().getLineNr();
            throw new ConfigurationException(where + ": " + e.getOriginalMessage());
        }
        return entries;
    }

    private static Entry readEntry(String source, int index, JsonParser parser) {
        String where = source + " line " + parser.currentTokenLocation().getLineNr();
        if (!parser.hasToken(JsonToken.START_OBJECT)) {
            parser.skipChildren();
            return new Entry(index, where, null, null, List.of(new DeploymentProblem(null, index, where, null,
                    "each deployment must be a mapping of fields such as 'name:' and 'flow:'")));
        }
        return readDeployment(source, index, where, parser);
    }

    /** Reads one deployment field by field, remembering each field's line for the messages. */
    private static Entry readDeployment(String source, int index, String where, JsonParser parser) {
        ObjectNode fields = YAML.createObjectNode();
        Map<String, String> fieldWhere = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = parser.currentName();
            fieldWhere.put(field, source + " line " + parser.currentTokenLocation().getLineNr());
            parser.nextToken();
            JsonNode value = YAML.readTree(parser);
            if (FIELDS.contains(field)) {
                fields.set(field, value);
            } else {
                unknown.add(field);
            }
        }
        DeploymentDeclaration declaration = null;
        JacksonException wrongValue = null;
        try {
            declaration = YAML.treeToValue(fields, DeploymentDeclaration.class);
        } catch (JacksonException e) {
            wrongValue = e;
        }
        String name = declaration != null ? declaration.name()
                : fields.path("name").isString() ? fields.path("name").asString() : null;
        List<DeploymentProblem> problems = new ArrayList<>();
        for (String field : unknown) {
            problems.add(new DeploymentProblem(name, index, fieldWhere.get(field), field,
                    "unknown field; known: " + String.join(", ", FIELDS)));
        }
        if (wrongValue != null) {
            String field = JacksonFieldPath.of(wrongValue);
            problems.add(new DeploymentProblem(name, index, fieldWhere.getOrDefault(field.split("[.\\[]")[0], where),
                    field, wrongValue.getOriginalMessage()));
        }
        return new Entry(index, where, name, problems.isEmpty() ? declaration : null, List.copyOf(problems));
    }

    private static String at(String source, JsonParser parser) {
        return source + " line " + parser.currentTokenLocation().getLineNr() + ": ";
    }
}
