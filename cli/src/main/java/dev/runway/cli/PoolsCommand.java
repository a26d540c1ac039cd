package dev.runway.cli;

import dev.runway.model.WorkPool;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Lists work pools, sets a pool's concurrency limit or image, pauses and resumes pools. */
@Command(name = "pools", description = "List work pools, set a pool's concurrency limit or image, pause or resume one.")
final class PoolsCommand {

    @ParentCommand
    private RunwayCli cli;

    @Command(name = "ls", aliases = "list", description = "List work pools with their runs running and waiting.")
    int list() {
        List<WorkPool> pools = cli.api().workPools();
        PrintWriter out = cli.out();
        if (pools.isEmpty()) {
            out.println("no work pools");
            return 0;
        }
        Table table = new Table().row("NAME", "TYPE", "LIMIT", "RUNNING", "WAITING", "PAUSED");
        for (WorkPool pool : pools) {
            table.row(pool.name(), pool.type(), limit(pool.concurrencyLimit()), Long.toString(pool.running()),
                    Long.toString(pool.waiting()), pool.paused() ? "yes" : "no");
        }
        table.print(out);
        return 0;
    }

    @Command(name = "set-limit", description = "Set how many runs of a pool are launched at once.")
    int setLimit(@Parameters(paramLabel = "NAME", description = "The work pool.") String name,
                 @Parameters(paramLabel = "N", description = "At least 1, or 'none' for no limit.") String limit) {
        RunwayApi.LimitChange change = cli.api().setWorkPoolLimit(name, parseLimit(limit));
        cli.out().println("work pool " + TerminalText.line(change.pool().name()) + ": concurrency limit "
                + limit(change.pool().concurrencyLimit())
                + (change.previous() == null ? "" : " (was " + TerminalText.line(change.previous()) + ")"));
        return 0;
    }

    @Command(name = "set-image", description = {"Set the image of a pool's job template; CI calls it",
            "with the image it just pushed. The pool's other settings are kept."})
    int setImage(@Parameters(paramLabel = "NAME", description = "The work pool.") String name,
                 @Parameters(paramLabel = "IMAGE", description = "e.g. europe-docker.pkg.dev/acme/runway/runner:3f2c1ab")
                 String image) {
        RunwayApi.ImageChange change = cli.api().setWorkPoolImage(name, image);
        String now = change.pool().baseJobTemplate().path("image").asString("none");
        cli.out().println("work pool " + TerminalText.line(change.pool().name()) + ": image " + TerminalText.line(now)
                + (change.previous() == null ? "" : " (was " + TerminalText.line(change.previous()) + ")"));
        return 0;
    }

    @Command(name = "pause", description = "Launch no more runs of a pool; its runs wait PENDING.")
    int pause(@Parameters(paramLabel = "NAME", description = "The work pool.") String name) {
        return show(cli.api().pauseWorkPool(name, true));
    }

    @Command(name = "resume", description = "Launch a paused pool's runs again.")
    int resume(@Parameters(paramLabel = "NAME", description = "The work pool.") String name) {
        return show(cli.api().pauseWorkPool(name, false));
    }

    private int show(WorkPool pool) {
        cli.out().println("work pool " + TerminalText.line(pool.name()) + ": " + (pool.paused() ? "paused" : "running")
                + ", " + pool.waiting() + " waiting");
        return 0;
    }

    private static Integer parseLimit(String text) {
        if (text.equalsIgnoreCase("none")) {
            return null;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new CommandFailure("the limit '" + TerminalText.line(text) + "' is not a whole number of at least 1 or 'none'");
    }

    private static String limit(Integer limit) {
        return limit == null ? "none" : limit.toString();
    }
}
