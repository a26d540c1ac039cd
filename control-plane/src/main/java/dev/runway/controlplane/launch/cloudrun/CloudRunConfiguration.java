package dev.runway.controlplane.launch.cloudrun;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.launch.RunnerVariables;
import dev.runway.controlplane.launch.WarmInboxes;
import dev.runway.controlplane.orchestration.FlowRunStateChanged;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.model.StateType;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * {@code runway.cloud-run.enabled=true}: work pools of type {@code cloud-run} launch Cloud Run job executions, and
 * those of type {@code cloud-run-worker-pool} hand their runs to the warm runners of a Cloud Run worker pool through
 * Pub/Sub (reached as {@code runway.pubsub.endpoint}/{@code plaintext} or {@code PUBSUB_EMULATOR_HOST} say).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "runway.cloud-run.enabled", havingValue = "true")
@EnableConfigurationProperties(CloudRunProperties.class)
class CloudRunConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CloudRunConfiguration.class);

    @Bean(destroyMethod = "close")
    CloudRunClients cloudRunClients(CloudRunProperties properties, RunwayProperties runway) {
        check(properties, runway);
        return CloudRunClients.of(properties);
    }

    @Bean
    CloudRunLauncher cloudRunLauncher(CloudRunClients clients, CloudRunProperties properties, RunwayProperties runway,
                                      RunnerVariables variables, FlowRunStore runs, Clock clock) {
        return new CloudRunLauncher(clients, new CloudRunJobs(clients, properties),
                new RunJobPacer(properties.runJobsPerMinute(), properties.maxRateWait(), clock), properties, runway, variables, runs);
    }

    @Bean
    WorkerPoolLauncher workerPoolLauncher(CloudRunClients clients, WarmInboxes inboxes, CloudRunProperties properties,
                                          RunnerVariables variables, FlowRunStore runs) {
        return new WorkerPoolLauncher(new CloudRunWorkerPools(clients, properties), inboxes, properties, variables, runs);
    }

    @Bean
    ExecutionWatcher executionWatcher(CloudRunClients clients, FlowRunStore runs, Transitions transitions, Clock clock,
                                      CloudRunProperties properties) {
        return new ExecutionWatcher(clients, runs, transitions, clock, properties);
    }

    @Bean
    CancelledExecutions cancelledExecutions(FlowRunStore runs, CloudRunLauncher launcher) {
        return new CancelledExecutions(runs, launcher);
    }

    /** A cancel request cancels the execution at once; the runner hears of it too, on its next heartbeat. */
    record CancelledExecutions(FlowRunStore runs, CloudRunLauncher launcher) {
        @EventListener
        public void on(FlowRunStateChanged change) {
            if (change.run().state().type() == StateType.CANCELLING) {
                runs.find(change.run().id()).map(stored -> stored.run().infrastructureId())
                        .filter(launcher::owns).ifPresent(launcher::stop);
            }
        }
    }

    private static void check(CloudRunProperties properties, RunwayProperties runway) {
        if (runway.apiUrl() == null || runway.apiUrl().isBlank()) {
            throw new IllegalArgumentException("runway.api-url must be set with runway.cloud-run.enabled: it is how"
                    + " runners on Cloud Run reach this control plane (e.g. http://10.0.0.2:4200 through the VPC connector)");
        }
        if (properties.callTimeout().multipliedBy(2).plus(properties.maxRateWait())
                .compareTo(runway.dispatch().redeliverAfter()) >= 0) {
            throw new IllegalArgumentException("runway.cloud-run.call-timeout (" + properties.callTimeout()
                    + ") twice plus runway.cloud-run.max-rate-wait (" + properties.maxRateWait()
                    + ") must be shorter than runway.dispatch.redeliver-after (" + runway.dispatch().redeliverAfter()
                    + "): a launch that takes longer may be taken over and started twice");
        }
        if ("file".equals(runway.resultStore().getScheme())) {
            log.warn("runway.results.store is the local folder {}: runners on Cloud Run cannot write there; use a"
                    + " gs:// store", runway.resultStore());
        }
    }
}
