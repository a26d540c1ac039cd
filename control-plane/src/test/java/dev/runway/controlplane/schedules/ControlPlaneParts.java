package dev.runway.controlplane.schedules;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.config.RunwaySettings;
import dev.runway.controlplane.config.ScheduleSettings;
import dev.runway.controlplane.deployments.DeploymentService;
import dev.runway.controlplane.deployments.ParameterSchemaCheck;
import dev.runway.controlplane.deployments.RunnerFlows;
import dev.runway.controlplane.dispatch.Dispatcher;
import dev.runway.controlplane.dispatch.LateRunMarker;
import dev.runway.controlplane.dispatch.OverlapGuard;
import dev.runway.controlplane.launch.RunnerEnvironment;
import dev.runway.controlplane.launch.RunnerJar;
import dev.runway.controlplane.orchestration.OrchestrationRules;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.pools.WorkPoolService;
import dev.runway.controlplane.runs.FlowRunService;
import dev.runway.controlplane.runs.Parameters;
import dev.runway.controlplane.store.DeploymentStore;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.LogStore;
import dev.runway.controlplane.store.OutboxStore;
import dev.runway.controlplane.store.ScheduleStore;
import dev.runway.controlplane.store.TaskRunStore;
import dev.runway.controlplane.store.WorkPoolStore;
import dev.runway.model.result.LocalFolderResultStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What one control plane runs to make, dispatch and change schedules' runs, wired by hand over a database and a clock
 * the test moves: two of them over one database are two control planes. Events are kept for the test to look at.
 */
final class ControlPlaneParts {

    final List<Object> events = new CopyOnWriteArrayList<>();
    final JdbcClient jdbc;
    final FlowRunStore runs;
    final OutboxStore outbox;
    final Transitions transitions;
    final DeploymentService deployments;
    final DeploymentSchedules schedules;
    final FlowRunService service;
    final Dispatcher dispatcher;
    final LateRunMarker lateRunMarker;
    final Scheduler scheduler;

    ControlPlaneParts(DataSource dataSource, Clock clock, Path home, Map<String, String> settings) {
        jdbc = JdbcClient.create(dataSource);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        Map<String, String> all = new HashMap<>(settings);
        all.put("runway.launcher.runner-jar", home.resolve("no-runner.jar").toString());
        RunwayProperties properties = RunwaySettings.bind(home, all);
        ScheduleSettings scheduleSettings = RunwaySettings.schedules(settings);
        Parameters parameters = new Parameters(properties);
        runs = new FlowRunStore(jdbc);
        outbox = new OutboxStore(jdbc);
        WorkPoolService pools = new WorkPoolService(new WorkPoolStore(jdbc, clock), events::add, tx, properties);
        pools.createDefaultPool();
        transitions = new Transitions(runs, outbox, new OrchestrationRules(), tx, events::add, clock);
        ScheduleStore scheduleStore = new ScheduleStore(jdbc);
        DeploymentStore deploymentStore = new DeploymentStore(jdbc, clock);
        schedules = new DeploymentSchedules(scheduleStore, deploymentStore, runs, tx, events::add, clock);
        deployments = new DeploymentService(deploymentStore, runs, parameters, new ParameterSchemaCheck(),
                new RunnerFlows(new RunnerJar(properties, new RunnerEnvironment(properties))), pools, schedules,
                new ScheduleChecks(parameters, clock), tx);
        service = new FlowRunService(deployments, parameters, runs, new LogStore(new JdbcTemplate(dataSource)),
                new TaskRunStore(jdbc), transitions, new LocalFolderResultStore(home.resolve("results")), tx, events::add,
                clock);
        dispatcher = new Dispatcher(runs, transitions, new OverlapGuard(scheduleStore, runs, transitions), tx, clock,
                properties, scheduleSettings);
        lateRunMarker = new LateRunMarker(runs, transitions, clock, properties);
        scheduler = new Scheduler(scheduleStore, deploymentStore, runs, parameters, transitions, dispatcher, tx,
                events::add, clock, scheduleSettings);
    }
}
