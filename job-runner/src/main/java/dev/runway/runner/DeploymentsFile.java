package dev.runway.runner;

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
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads deployments.yaml: a {@code deployments} list whose entries are {@link DeploymentDeclaration}s.
 * Mistakes are reported with the file's line, because that is where the person will look.
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
            // Values are read one at a time from the middle of the document.
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The fields a deployment may have, in the order the messages list them. */
    private static final List<String> FIELDS = Arrays.stream(DeploymentDeclaration.class.getRecordComponents())
            .map(RecordComponent::getName)
            .toList();

    /** A declaration and where it was written, e.g. {@code deployments.yaml line 3}. */
    record Entry(String where, DeploymentDeclaration declaration) {
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
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    entries.add(readDeployment(source, parser));
                }
                if (!parser.hasToken(JsonToken.END_ARRAY)) {
                    throw new ConfigurationException(at(source, parser) + "each deployment must be a mapping of fields");
                }
            }
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? source : source + " line " + e.getLocation().getLineNr();
            throw new ConfigurationException(where + ": " + e.getOriginalMessage());
        }
        return entries;
    }

    /** Reads one deployment field by field, remembering each field's line for the messages. */
    private static Entry readDeployment(String source, JsonParser parser) {
        int line = parser.currentTokenLocation().getLineNr();
        ObjectNode fields = YAML.createObjectNode();
        Map<String, Integer> lines = new HashMap<>();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = parser.currentName();
            if (!FIELDS.contains(field)) {
                throw new ConfigurationException(at(source, parser) + "unknown field '" + field + "'; known: "
                        + String.join(", ", FIELDS));
            }
            lines.put(field, parser.currentTokenLocation().getLineNr());
            parser.nextToken();
            fields.set(field, YAML.readTree(parser));
        }
        try {
            return new Entry(source + " line " + line, YAML.treeToValue(fields, DeploymentDeclaration.class));
        } catch (JacksonException e) {
            String field = JacksonFieldPath.of(e);
            int fieldLine = lines.getOrDefault(field.split("[.\\[]")[0], line);
            throw new ConfigurationException(source + " line " + fieldLine + ": " + field + ": " + e.getOriginalMessage());
        }
    }

    private static String at(String source, JsonParser parser) {
        return source + " line " + parser.currentTokenLocation().getLineNr() + ": ";
    }
}
