package dev.runway.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.json.Json;
import dev.runway.runner.testflows.TestFlows;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** The flows' context generated at build time: the flows scanning finds, started without scanning. */
class FlowContextGeneratorTest {

    private static final String TEST_FLOWS = "dev.runway.runner.testflows";

    @TempDir
    static Path build;

    static Path classes;

    @BeforeAll
    static void generate() throws Exception {
        classes = Files.createDirectories(build.resolve("classes"));
        FlowContextGenerator.generate(classes, build.resolve("work"), "21", System.getProperty("java.class.path"),
                List.of(TEST_FLOWS));
    }

    @Test
    void startsTheFlowsThatScanningFindsAndRunsThem() throws Exception {
        List<String> scanned;
        try (FlowCatalog catalog = FlowContext.start(new String[] {"--runway.flows.packages=" + TEST_FLOWS})) {
            scanned = List.copyOf(catalog.names());
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
             FlowCatalog catalog = FlowContext.start(new String[0], context -> { }, loader)) {
            assertThat(catalog.names()).containsExactlyElementsOf(scanned).contains("greet", "noParameters");
            FlowInvoker greet = catalog.find("greet").orElseThrow();
            Object reply = greet.invoke(greet.bind((ObjectNode) Json.mapper().readTree("{\"name\":\"Ada\",\"times\":2}")));
            assertThat(reply).isEqualTo(new TestFlows.Reply("Hello, Ada! Hello, Ada!"));
            assertThat(greet.parameterSchema().at("/properties/times/type").asString()).isEqualTo("integer");
            assertThat(catalog.notFound("nosuchflow")).endsWith("found in packages " + TEST_FLOWS
                    + " when the runner jar was built (a flow added since needs a new build)");
        }
    }

    @Test
    void injectsTheJsonMapperAndPropertiesFromTheArguments() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
             FlowCatalog catalog = FlowContext.start(new String[] {"--test.greeting=Hello"}, context -> { }, loader)) {
            FlowInvoker injected = catalog.find("injected").orElseThrow();

            assertThat(injected.invoke(injected.bind(null))).isEqualTo(new TestFlows.Reply("Hello {\"at\":\"1970-01-01T00:00:00Z\"}"));
        }
    }

    @Test
    void scansAfterAllWhenRunwayFlowsPackagesNamesOtherPackages() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
             FlowCatalog catalog = FlowContext.start(new String[] {"--runway.flows.packages=" + TEST_FLOWS + ",com.acme"},
                     context -> { }, loader)) {
            assertThat(catalog.find("greet")).isPresent();
            assertThat(catalog.notFound("nosuchflow")).contains("found in packages " + TEST_FLOWS + ",com.acme (the packages");
        }
    }
}
