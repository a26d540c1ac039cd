package dev.runway.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentsFileTest {

    @Test
    void readsEveryDeclaredField() {
        List<DeploymentsFile.Entry> entries = read("""
                deployments:
                  - name: hello
                    flow: hello
                    description: Says hello
                    version: 1
                    parameters:
                      name: World
                    tags: [example, quick]
                    retries: 2
                    retryDelaySeconds: 30
                  - name: etl
                    flow: etl
                """);

        assertThat(entries).hasSize(2);
        DeploymentsFile.Entry hello = entries.getFirst();
        assertThat(hello.where()).isEqualTo("deployments.yaml line 2");
        assertThat(hello.declaration().flow()).isEqualTo("hello");
        assertThat(hello.declaration().version()).isEqualTo("1");
        assertThat(hello.declaration().parameters().get("name").asString()).isEqualTo("World");
        assertThat(hello.declaration().tags()).containsExactly("example", "quick");
        assertThat(hello.declaration().retries()).isEqualTo(2);
        assertThat(hello.declaration().retryDelaySeconds()).isEqualTo(30);
        assertThat(entries.get(1).where()).isEqualTo("deployments.yaml line 11");
    }

    @Test
    void anUnknownFieldIsAProblemOfItsEntryOnlyNamingItsLine() {
        List<DeploymentsFile.Entry> entries = read("""
                deployments:
                  - name: hello
                    flowName: hello
                  - name: etl
                    flow: etl
                """);

        assertThat(entries).hasSize(2);
        DeploymentsFile.Entry hello = entries.getFirst();
        assertThat(hello.declaration()).isNull();
        assertThat(hello.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.deployment()).isEqualTo("hello");
            assertThat(problem.index()).isZero();
            assertThat(problem.where()).isEqualTo("deployments.yaml line 3");
            assertThat(problem.field()).isEqualTo("flowName");
            assertThat(problem.message()).startsWith("unknown field; known: ").contains("flow, ");
        });
        assertThat(entries.get(1).problems()).isEmpty();
        assertThat(entries.get(1).declaration().flow()).isEqualTo("etl");
    }

    @Test
    void aValueOfTheWrongTypeIsAProblemNamingItsLineAndField() {
        List<DeploymentsFile.Entry> entries = read("""
                deployments:
                  - name: hello
                    flow: hello
                    retries: many
                  - just a name
                  - name: etl
                    flow: etl
                """);

        assertThat(entries).extracting(entry -> entry.problems().isEmpty()).containsExactly(false, false, true);
        assertThat(entries.getFirst().problems()).singleElement().satisfies(problem -> {
            assertThat(problem.where()).isEqualTo("deployments.yaml line 4");
            assertThat(problem.field()).isEqualTo("retries");
        });
        assertThat(entries.get(1).problems()).singleElement().satisfies(problem -> {
            assertThat(problem.label()).isEqualTo("deployments[1]");
            assertThat(problem.reason()).isEqualTo("each deployment must be a mapping of fields such as 'name:' and"
                    + " 'flow:' (deployments.yaml line 5)");
        });
    }

    @Test
    void namesTheLineOfBrokenYaml() {
        assertThatThrownBy(() -> read("""
                deployments:
                  - name: hello
                    flow: [hello
                """))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("deployments.yaml line ");
    }

    @Test
    void explainsTheExpectedShape() {
        assertThatThrownBy(() -> read("- name: hello\n"))
                .hasMessage("deployments.yaml line 1: expected a 'deployments:' list");
        assertThatThrownBy(() -> read("deployment:\n  - name: hello\n"))
                .hasMessage("deployments.yaml line 1: unknown key 'deployment'; the file holds a 'deployments:' list");
    }

    private static List<DeploymentsFile.Entry> read(String yaml) {
        return DeploymentsFile.read("deployments.yaml", new StringReader(yaml));
    }
}
