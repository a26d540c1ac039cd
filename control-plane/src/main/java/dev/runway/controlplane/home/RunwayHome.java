package dev.runway.controlplane.home;

import dev.runway.controlplane.config.RunwayProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The control plane's home ({@code runway.home}) as a folder only its owner can open, made so before
 * anything is written into it: created 0700 with the folders the control plane writes (run logs, and results
 * when they are kept in a local folder), or, when an older version left it open to others, closed along with
 * what it holds.
 */
@Component
public class RunwayHome {

    private static final Logger log = LoggerFactory.getLogger(RunwayHome.class);

    private final Path home;
    private final boolean closeAfterStart;

    public RunwayHome(RunwayProperties properties) {
        this.home = properties.home().toAbsolutePath().normalize();
        try {
            boolean created = !Files.isDirectory(home);
            boolean open = !created && PrivateFiles.isOpenToOthers(home);
            if (open) {
                log.info("closing {} and what it holds to other users (left open by an older version)", home);
                PrivateFiles.tighten(home);
            }
            PrivateFiles.createFolders(home);
            PrivateFiles.createFolders(home.resolve("runs"));
            Optional<Path> results = properties.localResultsFolder();
            if (results.isPresent()) {
                PrivateFiles.createFolders(results.get());
            }
            this.closeAfterStart = created || open;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Runway home " + home, e);
        }
    }

    /**
     * The embedded database creates its files with the process's umask while the control plane starts;
     * in a new or just-closed home they are closed too. The home's own 0700 already kept others out.
     */
    @EventListener(ApplicationReadyEvent.class)
    void closeWhatStartingCreated() throws IOException {
        if (closeAfterStart) {
            PrivateFiles.tighten(home);
        }
    }

    /** The database may live in the home: it starts once the home exists and is closed to others. */
    @Component
    static class DatabaseAfterHome extends AbstractDependsOnBeanFactoryPostProcessor {
        DatabaseAfterHome() {
            super(DataSource.class, "runwayHome");
        }
    }
}
