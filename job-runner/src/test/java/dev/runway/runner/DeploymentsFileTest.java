package dev.runway.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.model.json.Json;
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
    void readsJobVariablesAsTheyAreWrittenNullsIncluded() {
        List<DeploymentsFile.Entry> entries = read("""
                deployments:
                  - name: etl
                    flow: etl
                    jobVariables:
                      image: europe-docker.pkg.dev/acme/runway/runner:2
                      memory: 2Gi
                      timeoutSeconds: 3600
                      args: [--rows, "10"]
                      env:
                        LOG_LEVEL: debug
                        REGION: null
                      vpcConnector: null
                  - name: hello
                    flow: hello
                """);

        assertThat(entries.getFirst().problems()).isEmpty();
        assertThat(entries.getFirst().declaration().jobVariables()).isEqualTo(Json.mapper().readTree("""
                {"image":"europe-docker.pkg.dev/acme/runway/runner:2","memory":"2Gi","timeoutSeconds":3600,
                 "args":["--rows","10"],"env":{"LOG_LEVEL":"debug","REGION":null},"vpcConnector":null}"""));
        assertThat(entries.get(1).declaration().jobVariables()).isNull();
    }

    @Test
    void jobVariablesThatAreNotAMappingAreAProblemNamingTheirLine() {
        List<DeploymentsFile.Entry> entries = read("""
                deployments:
                  - name: etl
                    flow: etl
                    jobVariables: [memory, 2Gi]
                """);

        assertThat(entries.getFirst().declaration()).isNull();
        assertThat(entries.getFirst().problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("jobVariables");
            assertThat(problem.where()).isEqualTo("deployments.yaml line 4");
        });
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
