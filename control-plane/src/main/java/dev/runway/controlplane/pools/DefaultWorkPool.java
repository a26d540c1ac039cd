package dev.runway.controlplane.pools;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Creates the default pool before anything else runs at start: the example deployments name it. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class DefaultWorkPool implements ApplicationRunner {

    private final WorkPoolService pools;

    DefaultWorkPool(WorkPoolService pools) {
        this.pools = pools;
    }

    @Override
    public void run(ApplicationArguments args) {
        pools.createDefaultPool();
    }
}
