package dev.runway.cli;

import dev.runway.model.Deployment;
import dev.runway.model.DeploymentSchedule;
import dev.runway.model.schedule.ScheduleSpec;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Lists a deployment's schedules with their next runs; pauses and resumes one. Declaring them is deployments.yaml's. */
@Command(name = "schedules", description = {"List a deployment's schedules with their next runs, pause or resume one.",
        "Schedules are declared in deployments.yaml (docs/schedules.md)."})
final class SchedulesCommand {

    /** How many of each schedule's next runs the listing shows. */
    private static final int NEXT_RUNS = 3;

    @ParentCommand
    private RunwayCli cli;

    @Command(name = "ls", aliases = "list", description = "List a deployment's schedules and when each runs next.")
    int list(@Parameters(paramLabel = "DEPLOYMENT", description = "The deployment.") String deployment) {
        RunwayApi api = cli.api();
        List<DeploymentSchedule> schedules = api.schedules(deployment);
        PrintWriter out = cli.out();
        if (schedules.isEmpty()) {
            out.println("deployment " + TerminalText.line(deployment) + " has no schedules");
            return 0;
        }
        Deployment declared = api.deployment(deployment);
        if (declared.spec().paused()) {
            out.println("deployment " + TerminalText.line(deployment) + " is paused: its schedules make no runs");
        }
        RunFormat format = cli.format();
        Table table = new Table().row("ID", "WHEN", "ACTIVE", "CATCH-UP", "OVERLAP", "NEXT RUNS");
        for (DeploymentSchedule schedule : schedules) {
            ScheduleSpec spec = schedule.schedule();
            String next = schedule.nextFireTimes().isEmpty() ? "-" : schedule.nextFireTimes().stream().limit(NEXT_RUNS)
                    .map(format::dateTime).collect(Collectors.joining(", "));
            table.row(schedule.id(), when(spec), Boolean.FALSE.equals(spec.active()) ? "paused" : "yes", spec.catchUp(),
                    spec.overlap(), next);
        }
        table.print(out);
        return 0;
    }

    @Command(name = "pause", description = "Make no more runs of a schedule; those it made that have not started go.")
    int pause(@Parameters(paramLabel = "DEPLOYMENT", description = "The deployment.") String deployment,
              @Parameters(paramLabel = "ID", description = "The schedule's id, from 'runway schedules ls'.") String id) {
        return show(deployment, cli.api().pauseSchedule(deployment, id, true));
    }

    @Command(name = "resume", description = {"Make a paused schedule's runs again; its catchUp policy decides on the",
            "runs it missed meanwhile."})
    int resume(@Parameters(paramLabel = "DEPLOYMENT", description = "The deployment.") String deployment,
               @Parameters(paramLabel = "ID", description = "The schedule's id, from 'runway schedules ls'.") String id) {
        return show(deployment, cli.api().pauseSchedule(deployment, id, false));
    }

    private int show(String deployment, DeploymentSchedule schedule) {
        boolean paused = Boolean.FALSE.equals(schedule.schedule().active());
        String next = schedule.nextFireTimes().isEmpty() ? ""
                : ", next run " + cli.format().dateTime(schedule.nextFireTimes().getFirst());
        cli.out().println("schedule " + TerminalText.line(schedule.id()) + " of " + TerminalText.line(deployment) + ": "
                + (paused ? "paused" : "active") + next);
        return 0;
    }

    /** {@code cron 0 9 * * 1-5 Europe/Paris}, or {@code every PT30M from 2026-01-01T00:05}. */
    private static String when(ScheduleSpec spec) {
        if (spec.cron() != null) {
            return "cron " + spec.cron() + " " + spec.timezone();
        }
        return "every " + spec.interval() + (spec.anchor() == null ? "" : " from " + spec.anchor());
    }
}
