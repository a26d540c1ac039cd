package dev.runway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.infra.Terraform.Expression;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runway's Terraform (the .tf files of infra/) keeps every invariant. */
class TerraformInvariantsTest {

    static final Path INFRA = Path.of("").toAbsolutePath();

    private static Terraform tf;
    private static Map<String, Expression> example;

    @BeforeAll
    static void read() {
        tf = Terraform.read(INFRA);
        example = Terraform.assignments(INFRA.resolve("terraform.tfvars.example"));
    }

    @Test
    void readsEveryTerraformFileOfTheFolder() {
        assertThat(tf.blocks()).extracting(block -> block.at().file()).containsAll(Terraform.sources(INFRA).keySet());
        assertThat(tf.resources("google_cloud_run_v2_job")).isNotEmpty();
    }

    @Test
    void apiPortIsOpenOnlyToTheSubnetTheConnectorTheBuildPoolAndIap() {
        assertThat(Invariants.apiPortOpenOnlyInsideTheVpc(tf)).isEmpty();
    }

    @Test
    void noIngressFromAnywhere() {
        assertThat(Invariants.noIngressFromAnywhere(tf)).isEmpty();
    }

    @Test
    void sshOnlyThroughIap() {
        assertThat(Invariants.sshOnlyThroughIap(tf)).isEmpty();
    }

    @Test
    void vmsHaveNoExternalAddress() {
        assertThat(Invariants.vmsHaveNoExternalAddress(tf)).isEmpty();
    }

    @Test
    void runnerHoldsOnlyObjectRolesOnItsBucket() {
        assertThat(Invariants.runnerHoldsOnlyObjectRolesOnItsBucket(tf)).isEmpty();
    }

    @Test
    void runnerPullsOnlyItsWarmInbox() {
        assertThat(Invariants.runnerPullsOnlyItsWarmInbox(tf)).isEmpty();
    }

    @Test
    void launcherRunsJobsThroughGrantsOnTheJobs() {
        assertThat(Invariants.launcherRunsJobsThroughGrantsOnTheJobs(tf)).isEmpty();
    }

    @Test
    void controlPlanePubSubGrantsAreOnItsTopicAndSubscriptions() {
        assertThat(Invariants.controlPlanePubSubGrantsAreOnItsTopicAndSubscriptions(tf)).isEmpty();
    }

    @Test
    void jobsLeaveThroughTheConnector() {
        assertThat(Invariants.jobsLeaveThroughTheConnector(tf)).isEmpty();
    }

    @Test
    void warmWorkersRunWarmAsTheRunner() {
        assertThat(Invariants.warmWorkersRunWarmAsTheRunner(tf)).isEmpty();
    }

    @Test
    void controlPlaneOnlyPublishesWarmStarts() {
        assertThat(Invariants.controlPlaneOnlyPublishesWarmStarts(tf)).isEmpty();
    }

    @Test
    void launcherUpdatesWorkerPoolsThroughGrantsOnThem() {
        assertThat(Invariants.launcherUpdatesWorkerPoolsThroughGrantsOnThem(tf)).isEmpty();
    }

    @Test
    void subscriptionsRetryAndDeadLetter() {
        assertThat(Invariants.subscriptionsRetryAndDeadLetter(tf)).isEmpty();
    }

    @Test
    void serviceAgentCanDeadLetter() {
        assertThat(Invariants.serviceAgentCanDeadLetter(tf)).isEmpty();
    }

    @Test
    void bucketsAreUniformAndExpire() {
        assertThat(Invariants.bucketsAreUniformAndExpire(tf)).isEmpty();
    }

    @Test
    void cloudSqlIsPrivateAndBackedUp() {
        assertThat(Invariants.cloudSqlIsPrivateAndBackedUp(tf)).isEmpty();
    }

    @Test
    void grantsAreAdditive() {
        assertThat(Invariants.grantsAreAdditive(tf)).isEmpty();
    }

    @Test
    void controlPlaneSettingsNameTheResources() {
        assertThat(Invariants.controlPlaneSettingsNameTheResources(tf)).isEmpty();
    }

    @Test
    void variablesAreDeclaredAndUsed() {
        assertThat(Invariants.variablesDeclaredAndUsed(tf, example)).isEmpty();
    }

    @Test
    void referencesResolve() {
        assertThat(Invariants.referencesResolve(tf)).isEmpty();
    }

    @Test
    void everyInterpolationIsParsed() {
        assertThat(Invariants.everyInterpolationIsParsed(tf)).isEmpty();
    }
}
