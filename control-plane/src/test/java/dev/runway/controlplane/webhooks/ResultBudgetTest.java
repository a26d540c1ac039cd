package dev.runway.controlplane.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.model.json.Json;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;

class ResultBudgetTest {

    @Test
    void valuesAreCountedAsTheirJsonTextUpToTheBudget() {
        ResultBudget budget = new ResultBudget(20);

        assertThat(budget.json(Json.mapper().readTree("{\"a\": [1, true]}"))).isEqualTo("{\"a\":[1,true]}");
        budget.spend("123456");
        assertThatThrownBy(() -> budget.spend("1")).isInstanceOf(ResultBudget.Exceeded.class);
    }

    @Test
    void writingAValueStopsSoonAfterItGoesOverNotAtItsEnd() {
        AtomicInteger written = new AtomicInteger();
        ArrayNode large = Json.mapper().createArrayNode();
        for (int i = 0; i < 100_000; i++) {
            large.addPOJO(new Counted(written));
        }

        assertThatThrownBy(() -> new ResultBudget(1_000).spend(large)).isInstanceOf(ResultBudget.Exceeded.class);
        // the generator hands its output over in buffers of some kilobytes: the rest is never written
        assertThat(written.get()).isLessThan(2_000);
    }

    /** A value that counts how often it is written. */
    public record Counted(AtomicInteger counter) {

        public int getValue() {
            return counter.incrementAndGet();
        }
    }
}
