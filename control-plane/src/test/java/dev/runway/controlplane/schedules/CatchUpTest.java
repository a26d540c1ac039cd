package dev.runway.controlplane.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.schedule.CatchUpPolicy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatchUpTest {

    private static final List<Instant> MADE = List.of(at(1), at(2), at(3));
    private static final List<Instant> UNMADE = List.of(at(57), at(58), at(59));

    @Test
    void skipRunsNoneAndMarksEveryRunMadeMissed() {
        CatchUp.Decision decision = CatchUp.decide(CatchUpPolicy.SKIP, MADE, List.of(), 50);

        assertThat(decision.run()).isEmpty();
        assertThat(decision.missed()).containsExactlyElementsOf(MADE);
        assertThat(CatchUp.unmadeNeeded(CatchUpPolicy.SKIP, 50)).isZero();
    }

    @Test
    void latestRunsTheLatestMissedFireTimeWhetherMadeOrNot() {
        assertThat(CatchUp.decide(CatchUpPolicy.LATEST, MADE, UNMADE, 50))
                .isEqualTo(new CatchUp.Decision(List.of(at(59)), MADE));
        assertThat(CatchUp.decide(CatchUpPolicy.LATEST, MADE, List.of(), 50))
                .isEqualTo(new CatchUp.Decision(List.of(at(3)), List.of(at(1), at(2))));
        assertThat(CatchUp.decide(CatchUpPolicy.LATEST, List.of(), List.of(), 50).run()).isEmpty();
    }

    @Test
    void allRunsTheLatestUpToTheBoundAndMarksTheEarlierOnesMadeMissed() {
        CatchUp.Decision decision = CatchUp.decide(CatchUpPolicy.ALL, MADE, UNMADE, 4);

        assertThat(decision.run()).containsExactly(at(3), at(57), at(58), at(59));
        assertThat(decision.missed()).containsExactly(at(1), at(2));
        assertThat(CatchUp.decide(CatchUpPolicy.ALL, MADE, UNMADE, 50).run()).hasSize(6);
        assertThat(CatchUp.unmadeNeeded(CatchUpPolicy.ALL, 4)).isEqualTo(4);
    }

    private static Instant at(int minute) {
        return Instant.parse("2026-11-24T12:00:00Z").plusSeconds(60L * minute);
    }
}
