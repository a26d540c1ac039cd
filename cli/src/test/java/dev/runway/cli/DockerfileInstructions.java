package dev.runway.cli;

import dev.runway.model.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.type.TypeReference;

/**
 * A Dockerfile read as Docker reads it, as far as the tests need: comment lines dropped, lines ending in a backslash
 * joined to the next, each instruction split into its keyword and its arguments, and grouped by the stage it is in.
 */
record DockerfileInstructions(List<Stage> stages) {

    private static final Pattern FROM = Pattern.compile("(?i)(\\S+)(?:\\s+AS\\s+(\\S+))?");

    record Instruction(String keyword, String arguments, int line) {

        /** The arguments of an exec-form instruction ({@code ["java", "-jar", …]}). */
        List<String> execForm() {
            if (!arguments.startsWith("[")) {
                throw new AssertionError(keyword + " on line " + line + " is not in exec form: " + arguments);
            }
            return Json.mapper().readValue(arguments, new TypeReference<>() { });
        }
    }

    /** A build stage: its base image, its name (null when it has none) and its instructions after FROM. */
    record Stage(String image, String name, int line, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(each -> each.keyword().equals(keyword)).toList();
        }

        Instruction last(String keyword) {
            List<Instruction> found = all(keyword);
            if (found.isEmpty()) {
                throw new AssertionError("the stage from line " + line + " has no " + keyword);
            }
            return found.getLast();
        }
    }

    static DockerfileInstructions read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Stage> stages = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty() && logical.isEmpty()) {
                continue;
            }
            if (logical.isEmpty()) {
                start = i + 1;
            }
            if (trimmed.endsWith("\\")) {
                logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            logical.append(trimmed);
            add(stages, logical.toString().strip(), start);
            logical.setLength(0);
        }
        if (!logical.isEmpty()) {
            throw new AssertionError("the instruction from line " + start + " ends in a backslash with nothing after it");
        }
        return new DockerfileInstructions(List.copyOf(stages));
    }

    Stage last() {
        return stages.getLast();
    }

    Stage stage(String name) {
        return stages.stream().filter(each -> name.equals(each.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no stage named " + name));
    }

    private static void add(List<Stage> stages, String text, int line) {
        String[] parts = text.split("\\s+", 2);
        String keyword = parts[0].toUpperCase(Locale.ROOT);
        String arguments = parts.length > 1 ? parts[1].strip() : "";
        if (keyword.equals("FROM")) {
            Matcher from = FROM.matcher(arguments);
            if (!from.matches()) {
                throw new AssertionError("line " + line + ": FROM " + arguments);
            }
            stages.add(new Stage(from.group(1), from.group(2), line, new ArrayList<>()));
        } else if (stages.isEmpty()) {
            throw new AssertionError("line " + line + ": " + keyword + " before the first FROM");
        } else {
            stages.getLast().instructions().add(new Instruction(keyword, arguments, line));
        }
    }
}
