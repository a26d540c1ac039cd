package dev.runway.functions.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class EtlTest {

    private final Etl etl = new Etl();

    @Test
    void accountsForEveryExtractedRow() {
        Etl.Summary summary = etl.apply(new Etl.Parameters(1000, 42));

        assertThat(summary.extracted()).isEqualTo(1000);
        assertThat(summary.loaded() + summary.dropped()).isEqualTo(1000);
        assertThat(summary.dropped()).isPositive();
        assertThat(summary.totals()).containsOnlyKeys(SalesSource.CATEGORIES);
    }

    @Test
    void totalsOnlyTheSalesThatAreKept() {
        var rows = new SalesSource().read(200, 7);
        long expectedCents = rows.stream().filter(sale -> sale.quantity() > 0).mapToLong(Sale::totalCents).sum();

        Etl.Summary summary = etl.apply(new Etl.Parameters(200, 7));

        assertThat(summary.totals().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualTo(BigDecimal.valueOf(expectedCents, 2));
    }

    @Test
    void theSameSeedGivesTheSameResult() {
        assertThat(etl.apply(new Etl.Parameters(500, 1))).isEqualTo(etl.apply(new Etl.Parameters(500, 1)));
        assertThat(etl.apply(new Etl.Parameters(500, 1))).isNotEqualTo(etl.apply(new Etl.Parameters(500, 2)));
    }

    @Test
    void handlesNoRows() {
        assertThat(etl.apply(new Etl.Parameters(0, 42))).isEqualTo(new Etl.Summary(0, 0, 0, java.util.Map.of()));
    }

    @Test
    void refusesANegativeRowCount() {
        assertThatThrownBy(() -> etl.apply(new Etl.Parameters(-1, 42)))
                .hasMessage("rows must not be negative, got -1");
    }
}
