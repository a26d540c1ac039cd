package dev.runway.controlplane.dispatch.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import dev.runway.controlplane.auth.RunTokens;
import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.config.RunwaySettings;
import dev.runway.controlplane.dispatch.DispatchTransport;
import dev.runway.controlplane.launch.LaunchHandler;
import dev.runway.controlplane.launch.FakeLauncher;
import dev.runway.controlplane.orchestration.OrchestrationRules;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.pools.LaunchSlots;
import dev.runway.controlplane.store.DeploymentStore;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.OutboxStore;
import dev.runway.controlplane.store.TestDatabase;
import dev.runway.controlplane.store.WorkPoolStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** {@code runway.transport=pubsub} chooses the Pub/Sub adapter, validates its settings and honours PUBSUB_EMULATOR_HOST. */
class PubSubConfigurationTest {

    @RegisterExtension
    static final PubSubEmulator emulator = new PubSubEmulator();

    @TempDir
    Path home;

    @Test
    void theLocalTransportStartsNoPubSub() {
        runner().run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DispatchTransport.class)
                .doesNotHaveBean(DispatchSubscribers.class));
    }

    @Test
    void aMissingProjectIdStopsTheStartNamingTheProperty() {
        runner().withPropertyValues("runway.transport=pubsub").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("'runway.pubsub' on field 'projectId'"));
    }

    @Test
    void aTopicIdPubSubWouldRefuseStopsTheStart() {
        runner().withPropertyValues("runway.transport=pubsub", "runway.pubsub.project-id=p1", "runway.pubsub.topic=ab")
                .run(context -> assertThat(context).hasFailed()
                        .getFailure().rootCause().hasMessageContaining("'runway.pubsub' on field 'topic'")
                        .hasMessageContaining(PubSubProperties.ID_RULE));
    }

    @Test
    void anExecutorWithoutThreadsStopsTheStart() {
        runner().withPropertyValues("runway.transport=pubsub", "runway.pubsub.project-id=p1",
                        "runway.pubsub.executor-thread-count=0")
                .run(context -> assertThat(context).hasFailed()
                        .getFailure().rootCause().hasMessageContaining("'runway.pubsub' on field 'executorThreadCount'"));
    }

    @Test
    void theEmulatorNamedByPubSubEmulatorHostIsUsedAndTheSubscriptionsArePulled() throws Exception {
        createTopicAndSubscriptions("wired");
        runner().withPropertyValues("runway.transport=pubsub", "runway.pubsub.project-id=wired",
                        "PUBSUB_EMULATOR_HOST=" + emulator.hostAndPort())
                .run(context -> {
                    assertThat(context).hasNotFailed().getBean(DispatchTransport.class).isInstanceOf(PubSubTransport.class);
                    assertThat(context.getBean(DispatchSubscribers.class).isRunning()).isTrue();
                });
    }

    private ApplicationContextRunner runner() {
        TestDatabase database = TestDatabase.h2();
        JdbcClient jdbc = JdbcClient.create(database.dataSource());
        Clock clock = Clock.systemUTC();
        RunwayProperties runway = RunwaySettings.bind(home, Map.of());
        FlowRunStore runs = new FlowRunStore(jdbc);
        OutboxStore outbox = new OutboxStore(jdbc);
        Transitions transitions = new Transitions(runs, outbox, new OrchestrationRules(),
                new TransactionTemplate(new DataSourceTransactionManager(database.dataSource())), event -> { }, clock);
        WorkPoolStore pools = new WorkPoolStore(jdbc, clock);
        LaunchHandler launches = new LaunchHandler(runs, outbox, transitions, new LaunchSlots(runs, pools,
                new TransactionTemplate(new DataSourceTransactionManager(database.dataSource()))),
                FakeLauncher.launchers(request -> {
                    throw new UnsupportedOperationException("nothing is dispatched here");
                }), pools, new RunTokens(runway), clock, runway);
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
                        ValidationAutoConfiguration.class))
                .withUserConfiguration(PubSubConfiguration.class)
                .withBean(FlowRunStore.class, () -> runs)
                .withBean(DeploymentStore.class, () -> new DeploymentStore(jdbc, clock))
                .withBean(Transitions.class, () -> transitions)
                .withBean(LaunchHandler.class, () -> launches)
                .withBean(Clock.class, () -> clock);
    }

    private void createTopicAndSubscriptions(String project) throws Exception {
        try (var connection = PubSubConnection.plaintext(emulator.hostAndPort());
             var topics = TopicAdminClient.create(TopicAdminSettings.newBuilder()
                     .setTransportChannelProvider(connection.channels()).setCredentialsProvider(connection.credentials())
                     .build());
             var subscriptions = SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
                     .setTransportChannelProvider(connection.channels()).setCredentialsProvider(connection.credentials())
                     .build())) {
            topics.createTopic(TopicName.of(project, "runway-dispatch"));
            topics.createTopic(TopicName.of(project, "runway-dispatch-dlq"));
            subscriptions.createSubscription(SubscriptionName.of(project, "runway-launcher"),
                    TopicName.of(project, "runway-dispatch"), PushConfig.getDefaultInstance(), 10);
            subscriptions.createSubscription(SubscriptionName.of(project, "runway-dispatch-dlq-launcher"),
                    TopicName.of(project, "runway-dispatch-dlq"), PushConfig.getDefaultInstance(), 10);
        }
    }
}
