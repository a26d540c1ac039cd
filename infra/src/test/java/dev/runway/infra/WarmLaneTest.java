package dev.runway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.bertramlabs.plugins.hcl4j.symbols.HCLBlock;
import dev.runway.infra.Terraform.Block;
import dev.runway.infra.Terraform.Expression;
import dev.runway.infra.Terraform.Reference;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The warm lane (warm_lane.tf) costs nothing until it is turned on, and the work pool declaration Terraform prints
 * for it (output warm_work_pool) describes the worker pool Terraform made, so the control plane's first update of
 * that worker pool keeps it as it is.
 */
class WarmLaneTest {

    private final Terraform tf = Terraform.read(TerraformInvariantsTest.INFRA);

    @Test
    void isOffUntilInstancesAreAskedForAndThenMakesEachOfItsResources() {
        Block instances = tf.variables().get("warm_lane_instances");
        assertThat(tf.value(instances.attribute("default").orElseThrow())).isEqualTo(0L);

        List<Block> lane = tf.blocks("resource").stream().filter(block -> block.at().file().equals("warm_lane.tf"))
                .filter(block -> !block.labels().getFirst().equals("google_project_iam_custom_role")).toList();
        assertThat(lane).extracting(Block::address).contains("google_pubsub_topic.warm",
                "google_pubsub_subscription.warm", "google_cloud_run_v2_worker_pool.warm");
        assertThat(lane).allSatisfy(resource -> assertThat(resource.attribute("count"))
                .as("%s is made only for a warm lane", resource)
                .hasValueSatisfying(count -> assertThat(count.refersTo("local.warm_lane")).isTrue()));
    }

    @Test
    void theWorkPoolDeclarationNamesWhatTerraformMadeWithEveryFieldOfACloudRunWorkerPoolTemplate() {
        Expression declaration = declaration("warm_work_pool");
        Expression template = declaration.field("baseJobTemplate").orElseThrow();

        assertThat(tf.value(declaration.field("type").orElseThrow())).isEqualTo("cloud-run-worker-pool");
        assertThat(template.fieldNames()).containsExactlyInAnyOrder("project", "region", "workerPool", "image",
                "instances", "topic", "subscription", "env", "serviceAccount", "vpcConnector", "vpcEgress", "cpu",
                "memory");
        assertThat(addresses(template, "workerPool")).containsExactly("google_cloud_run_v2_worker_pool.warm");
        assertThat(addresses(template, "topic")).containsExactly("google_pubsub_topic.warm");
        assertThat(addresses(template, "subscription")).containsExactly("google_pubsub_subscription.warm");
        assertThat(addresses(template, "instances")).containsExactly("var.warm_lane_instances");
        assertThat(addresses(template, "serviceAccount")).containsExactly(Invariants.RUNNER);
        assertThat(tf.value(template.field("vpcEgress").orElseThrow())).isEqualTo("PRIVATE_RANGES_ONLY");
    }

    @Test
    void theWorkPoolDeclarationGivesTheWarmWorkersTheEnvironmentTerraformStartsThemWith() {
        Block container = tf.resource("google_cloud_run_v2_worker_pool.warm").orElseThrow()
                .block("template", "containers").orElseThrow();
        Map<String, String> started = new TreeMap<>();
        for (Block env : container.blocks("env")) {
            started.put(String.join("", env.attribute("name").orElseThrow().strings()),
                    written(env.attribute("value").orElseThrow()));
        }
        Expression declared = declaration("warm_work_pool").field("baseJobTemplate").flatMap(t -> t.field("env"))
                .orElseThrow();
        Map<String, String> inTemplate = new TreeMap<>();
        declared.fieldNames().forEach(name -> inTemplate.put(name, written(declared.field(name).orElseThrow())));

        assertThat(started).containsKeys(Invariants.WARM_INBOX, "RUNWAY_API_URL", "RUNWAY_RESULT_STORE");
        assertThat(inTemplate).isEqualTo(started);
    }

    /** The object an output's value is when the warm lane is on: {@code cond ? {…} : null}. */
    private Expression declaration(String output) {
        Expression value = tf.blocks("output").stream().filter(block -> block.address().equals(output)).findFirst()
                .flatMap(block -> block.attribute("value")).orElseThrow();
        HCLBlock object = value.symbols().stream().filter(HCLBlock.class::isInstance).map(HCLBlock.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError(output + " has no object literal"));
        return new Expression(List.of(object), value.at());
    }

    private static List<String> addresses(Expression object, String field) {
        return object.field(field).orElseThrow().references().stream().map(Reference::address).toList();
    }

    /** An expression as text and references, enough to tell two copies of one value apart from different ones. */
    private static String written(Expression value) {
        return value.strings() + " " + value.references().stream().map(reference -> String.join(".", reference.path()))
                .toList();
    }
}
