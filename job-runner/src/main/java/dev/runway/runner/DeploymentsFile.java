package dev.runway.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
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
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

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
                    String where = source + " line " + parser.currentTokenLocation().getLineNr();
                    entries.add(new Entry(where, YAML.readValue(parser, DeploymentDeclaration.class)));
                }
                if (!parser.hasToken(JsonToken.END_ARRAY)) {
                    throw new ConfigurationException(at(source, parser) + "each deployment must be a mapping of fields");
                }
            }
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigurationException(at(source, e) + "unknown field '" + e.getPropertyName() + "'; known: "
                    + String.join(", ", e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList()));
        } catch (JacksonException e) {
            String field = JacksonFieldPath.of(e);
            throw new ConfigurationException(at(source, e) + (field.isEmpty() ? "" : field + ": ") + e.getOriginalMessage());
        }
        return entries;
    }

    private static String at(String source, JsonParser parser) {
        return source + " line " + parser.currentTokenLocation().getLineNr() + ": ";
    }

    private static String at(String source, JacksonException e) {
        return e.getLocation() == null ? source + ": " : source + " line " + e.getLocation().getLineNr() + ": ";
    }
}
