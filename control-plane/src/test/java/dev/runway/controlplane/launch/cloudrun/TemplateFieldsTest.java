package dev.runway.controlplane.launch.cloudrun;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ids Runway gives the Cloud Run jobs and worker pools it names after a work pool. */
class TemplateFieldsTest {

    @Test
    void aPoolsNameIsCleanedAndShortenedSoTheIdFitsCloudRunsLimit() {
        String longPool = "Data_Team.Nightly-" + "x".repeat(60);

        String job = TemplateFields.resourceId("runway", longPool, "0123456789");
        String workerPool = TemplateFields.resourceId("runway-warm", longPool, "");

        assertThat(job).hasSizeLessThanOrEqualTo(49).startsWith("runway-data-team-nightly-x").endsWith("-0123456789")
                .matches("[a-z]([a-z0-9-]*[a-z0-9])?");
        assertThat(workerPool).hasSize(49).startsWith("runway-warm-data-team-nightly-x").doesNotEndWith("-");
        assertThat(TemplateFields.resourceId("runway", "cloud", "abc")).isEqualTo("runway-cloud-abc");
        assertThat(TemplateFields.resourceId("runway-warm", "warm", "")).isEqualTo("runway-warm-warm");
        assertThat(TemplateFields.resourceId("runway", "__", "abc")).as("nothing left of the pool").isEqualTo("runway-abc");
    }
}
