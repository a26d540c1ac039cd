package dev.runway.controlplane.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.controlplane.orchestration.OrchestrationRules.Transition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's state diagram is generated from the rules' table, so the two cannot drift apart. When
 * the rules change, this test fails and writes the new diagram to target/state-diagram.md to paste in.
 */
class StateDiagramTest {

    private static final Path README = Path.of("..", "README.md");

    @Test
    void theReadmeShowsTheStateDiagramOfTheRules() throws IOException {
        String diagram = render(OrchestrationRules.transitions());
        Files.writeString(Path.of("target", "state-diagram.md"), diagram);

        assertThat(Files.readString(README))
                .as("README.md must contain the diagram in control-plane/target/state-diagram.md")
                .contains(diagram);
    }

    private static void add(Map<String, List<String>> labels, String from, String to, String label) {
        labels.computeIfAbsent(from + " --> " + to, e -> new java.util.ArrayList<>()).add(label);
    }

    /** Edges ordered by the states' order in the lifecycle, so the diagram reads top to bottom. */
    private static int byStateOrder(String a, String b) {
        return Integer.compare(rank(a), rank(b));
    }

    private static int rank(String edge) {
        String[] ends = edge.split(" --> ");
        return position(ends[0]) * 100 + position(ends[1]);
    }

    private static int position(String state) {
        return state.equals("[*]") ? -1 : dev.runway.model.StateType.valueOf(state).ordinal();
    }

    static String render(List<Transition> transitions) {
        Map<String, List<String>> labels = new LinkedHashMap<>();
        for (Transition t : transitions) {
            String from = t.from() == null ? "[*]" : t.from().name();
            String who = t.proposer().name().toLowerCase();
            switch (t.action()) {
                // rules that change the proposal: draw where the run really goes
                case "cancel now" -> add(labels, from, "CANCELLED", who + " cancels");
                case "cancelled instead" -> add(labels, from, "CANCELLED", who + ": runner lost");
                case "retry or fail" -> {
                    add(labels, from, t.to().name(), who);
                    add(labels, from, "SCHEDULED", who + " fails, retries left (AwaitingRetry)");
                }
                case "retry finished" -> add(labels, from, t.to().name(), who + " retries");
                default -> add(labels, from, t.to().name(), who);
            }
        }
        return labels.entrySet().stream().sorted(Map.Entry.comparingByKey(StateDiagramTest::byStateOrder))
                .map(e -> "    " + e.getKey() + ": " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("\n", "```mermaid\nstateDiagram-v2\n", "\n```\n"));
    }
}
