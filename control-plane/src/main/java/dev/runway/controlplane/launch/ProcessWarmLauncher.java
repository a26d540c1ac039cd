package dev.runway.controlplane.launch;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.home.PrivateFiles;
import dev.runway.controlplane.pools.ProcessTemplate;
import dev.runway.controlplane.pools.WarmRunnerFree;
import dev.runway.controlplane.pools.WorkPoolChanged;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.WorkPoolStore;
import dev.runway.model.StateNames;
import dev.runway.model.WorkPool;
import dev.runway.model.WorkPoolSpec;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The local warm lane: each {@code process-warm} pool keeps {@code instances} runner processes started with
 * {@code --warm}, and hands each launch to a free one as a start message on its standard input. A runner says it is
 * free by printing {@value #READY} on its standard output before it reads the next message; everything else it prints
 * goes to {@code <home>/warm/<pool>/<pid>.log}.
 *
 * <p>Its infrastructure id {@code process-warm:<pid>:<start>:<run id>} names the runner and the run it was handed:
 * stopping it stops the runner only while that run is still the runner's. A runner that exits is replaced, unless it
 * never became ready (a runner that cannot start would only fail again); the next launch tries once more.
 */
@Component
public class ProcessWarmLauncher implements Launcher, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProcessWarmLauncher.class);
    static final String PREFIX = "process-warm:";
    static final String READY = "RUNWAY-WARM-READY";
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Duration FREE_GRACE = Duration.ofSeconds(2);

    private final RunwayProperties properties;
    private final RunnerJar runnerJar;
    private final RunnerEnvironment runnerEnvironment;
    private final RunnerVariables variables;
    private final FlowRunStore runs;
    private final WorkPoolStore pools;
    private final ApplicationEventPublisher events;
    private final Map<String, Runners> byPool = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public ProcessWarmLauncher(RunwayProperties properties, RunnerJar runnerJar, RunnerEnvironment runnerEnvironment,
                               RunnerVariables variables, FlowRunStore runs, WorkPoolStore pools,
                               ApplicationEventPublisher events) {
        this.properties = properties;
        this.runnerJar = runnerJar;
        this.runnerEnvironment = runnerEnvironment;
        this.variables = variables;
        this.runs = runs;
        this.pools = pools;
        this.events = events;
    }

    @Override
    public String poolType() {
        return WorkPoolSpec.PROCESS_WARM;
    }

    @Override
    public boolean owns(String infrastructureId) {
        return infrastructureId.startsWith(PREFIX);
    }

    @Override
    public String launch(LaunchRequest request, ExitListener onExit) {
        WorkPool pool = request.pool();
        WarmLane.requireFreeRunner(runs, pool, ProcessTemplate.instances(pool.baseJobTemplate()));
        Runner runner = runnersOf(pool).takeFree().orElseThrow(() -> new LaunchUnavailableException(
                StateNames.AWAITING_WARM_WORKER, "no warm runner of work pool '" + pool.name() + "' is free yet",
                WarmLane.BUSY_RETRY, null));
        runner.hand(request.run().id(), WarmLane.startMessage(variables.forRun(request)), onExit);
        return PREFIX + runner.pid + ":" + runner.startMillis + ":" + request.run().id();
    }

    /**
     * Stops the runner the id names if it still runs that id's run a moment later: a runner that reported the run's end
     * itself says it is free within milliseconds, and one that moved on to another run is left alone.
     */
    @Override
    public void stop(String infrastructureId) {
        if (!owns(infrastructureId)) {
            return;
        }
        String[] parts = infrastructureId.substring(PREFIX.length()).split(":");
        if (parts.length != 3) {
            return;
        }
        byPool.values().stream().flatMap(runners -> runners.all().stream())
                .filter(runner -> Long.toString(runner.pid).equals(parts[0])
                        && Long.toString(runner.startMillis).equals(parts[1]))
                .forEach(runner -> CompletableFuture.runAsync(() -> {
                    if (runner.isBusyWith(parts[2])) {
                        runner.terminate();
                    }
                }, CompletableFuture.delayedExecutor(FREE_GRACE.toMillis(), TimeUnit.MILLISECONDS)));
    }

    /** Starts the runners of every {@code process-warm} pool, so the first run finds them warm. */
    @EventListener(ApplicationReadyEvent.class)
    public void startPools() {
        for (String name : pools.names()) {
            pools.find(name).filter(pool -> pool.type().equals(poolType())).ifPresent(this::runnersOf);
        }
    }

    /** A changed pool gets runners with its new template; one that is no longer {@code process-warm} loses them. */
    @EventListener
    public void on(WorkPoolChanged change) {
        Optional<WorkPool> pool = pools.find(change.pool()).filter(found -> found.type().equals(poolType()));
        if (pool.isPresent()) {
            runnersOf(pool.get());
        } else {
            Runners gone = byPool.remove(change.pool());
            if (gone != null) {
                gone.retireAll();
            }
        }
    }

    private Runners runnersOf(WorkPool pool) {
        Runners runners = byPool.computeIfAbsent(pool.name(), Runners::new);
        runners.fit(ProcessTemplate.environment(pool.baseJobTemplate()), ProcessTemplate.instances(pool.baseJobTemplate()));
        return runners;
    }

    /** Closes every runner's input: free ones exit now, busy ones after their run. */
    @Override
    public void destroy() {
        closed = true;
        byPool.values().forEach(Runners::retireAll);
    }

    /** The runners of one pool, all started from one environment. */
    private final class Runners {

        private final String pool;
        private final List<Runner> running = new ArrayList<>();
        private Map<String, String> env = Map.of();
        private int instances;

        Runners(String pool) {
            this.pool = pool;
        }

        synchronized List<Runner> all() {
            return List.copyOf(running);
        }

        /** Replaces the runners when their environment changed, and starts or retires some to make {@code instances}. */
        synchronized void fit(Map<String, String> wantedEnv, int wantedInstances) {
            if (!wantedEnv.equals(env)) {
                running.forEach(Runner::retire);
                running.clear();
                env = Map.copyOf(wantedEnv);
            }
            instances = wantedInstances;
            while (running.size() > instances) {
                Runner extra = running.stream().filter(Runner::isFree).findFirst().orElse(running.getLast());
                extra.retire();
                running.remove(extra);
            }
            while (!closed && running.size() < instances) {
                running.add(start());
            }
        }

        synchronized Optional<Runner> takeFree() {
            fit(env, instances);
            return running.stream().filter(Runner::isFree).findFirst();
        }

        synchronized void retireAll() {
            running.forEach(Runner::retire);
            running.clear();
        }

        private Runner start() {
            List<String> command = runnerJar.command(List.of("--warm"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            runnerEnvironment.applyTo(builder, env, variables.forWarmRunner("stdin"));
            try {
                Runner runner = new Runner(this, builder.start());
                log.info("warm runner {} of work pool '{}' started; its output goes to {}", runner.pid, pool, runner.log);
                return runner;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
            }
        }

        /** Called as a runner exits: a runner that had worked is replaced, to keep the pool warm. */
        synchronized void exited(Runner runner) {
            if (running.remove(runner) && runner.everReady && !closed) {
                running.add(start());
            }
        }
    }

    /** One runner process and the runs handed to it. */
    private final class Runner {

        private final Runners runners;
        private final Process process;
        private final long pid;
        private final long startMillis;
        private final Path log;
        private final BufferedWriter input;
        /** Start messages written; ready lines read. The runner is free once it said ready after its last message. */
        private int handed;
        private int readies;
        private volatile boolean everReady;
        private volatile boolean retired;
        private String runId;
        private ExitListener onExit;

        Runner(Runners runners, Process process) throws IOException {
            this.runners = runners;
            this.process = process;
            this.pid = process.pid();
            this.startMillis = process.toHandle().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
            this.log = PrivateFiles.createFolders(properties.home().resolve("warm").resolve(runners.pool))
                    .resolve(pid + ".log");
            PrivateFiles.createFileIfAbsent(log);
            this.input = new BufferedWriter(process.outputWriter(StandardCharsets.UTF_8));
            Thread.ofVirtual().name("warm-runner-" + pid).start(this::copyOutput);
            process.onExit().thenRun(this::exited);
        }

        synchronized boolean isFree() {
            return !retired && process.isAlive() && handed < readies + (handed == 0 && readies == 0 ? 1 : 0);
        }

        synchronized boolean isBusyWith(String run) {
            return run.equals(runId) && handed >= readies;
        }

        synchronized void hand(UUID run, String message, ExitListener listener) {
            try {
                input.write(message);
                input.write('\n');
                input.flush();
            } catch (IOException e) {
                throw new LaunchUnavailableException(StateNames.AWAITING_WARM_WORKER, "warm runner " + pid
                        + " of work pool '" + runners.pool + "' stopped taking runs", Duration.ofSeconds(1), e);
            }
            handed++;
            runId = run.toString();
            onExit = listener;
        }

        /** Closes its input: it finishes the run it has, if any, and exits. */
        synchronized void retire() {
            retired = true;
            try {
                input.close();
            } catch (IOException alreadyGone) {
                // it exited: nothing left to tell it
            }
        }

        void terminate() {
            retire();
            process.destroy();
            process.onExit().orTimeout(STOP_GRACE.toSeconds(), TimeUnit.SECONDS).exceptionally(stillRunning -> {
                process.destroyForcibly();
                return process;
            });
        }

        private void copyOutput() {
            try (BufferedReader output = process.inputReader(StandardCharsets.UTF_8);
                 Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
                String line;
                while ((line = output.readLine()) != null) {
                    if (line.equals(READY)) {
                        ready();
                    } else {
                        file.write(line);
                        file.write('\n');
                        file.flush();
                    }
                }
            } catch (IOException e) {
                ProcessWarmLauncher.log.debug("output of warm runner {} ended: {}", pid, e.getMessage());
            }
        }

        private void ready() {
            synchronized (this) {
                readies++;
                everReady = true;
            }
            if (isFree()) {
                events.publishEvent(new WarmRunnerFree(runners.pool));
            }
        }

        private void exited() {
            String busyWith;
            ExitListener listener;
            synchronized (this) {
                busyWith = handed >= readies ? runId : null;
                listener = onExit;
            }
            int code = process.exitValue();
            ProcessWarmLauncher.log.info("warm runner {} of work pool '{}' exited with code {}", pid, runners.pool, code);
            if (busyWith != null && listener != null) {
                listener.exited(PREFIX + pid + ":" + startMillis + ":" + busyWith, "warm runner " + pid
                        + " exited with code " + code + " while running this flow run; see " + log);
            }
            runners.exited(this);
        }
    }
}
