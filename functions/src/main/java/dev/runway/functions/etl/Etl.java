package dev.runway.functions.etl;

import dev.runway.flow.Tasks;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * An ETL-shaped flow in three tasks: extract generated sales rows, transform them (drop returns and empty
 * rows), load them as totals per category. Each step is a task run, visible with its state in the run.
 */
@Component("etl")
public class Etl implements Function<Etl.Parameters, Etl.Summary> {

    private static final Logger log = LoggerFactory.getLogger(Etl.class);

    /**
     * @param rows how many rows to extract; the deployment's default is 1000
     * @param seed the same seed always produces the same data
     */
    public record Parameters(int rows, long seed) {
    }

    /**
     * @param extracted rows read from the source
     * @param loaded    sales that made it into the totals
     * @param dropped   returns and empty rows left out
     * @param totals    revenue per category, in currency units
     */
    public record Summary(int extracted, int loaded, int dropped, Map<String, BigDecimal> totals) {
    }

    private final SalesSource source = new SalesSource();

    @Override
    public Summary apply(Parameters parameters) {
        if (parameters.rows() < 0) {
            throw new IllegalArgumentException("rows must not be negative, got " + parameters.rows());
        }
        List<Sale> extracted = Tasks.run("extract", () -> extract(parameters));
        List<Sale> sales = Tasks.run("transform", () -> transform(extracted));
        Map<String, BigDecimal> totals = Tasks.run("load", () -> load(sales));
        return new Summary(extracted.size(), sales.size(), extracted.size() - sales.size(), totals);
    }

    private List<Sale> extract(Parameters parameters) {
        List<Sale> rows = source.read(parameters.rows(), parameters.seed());
        log.info("Extracted {} rows (seed {})", rows.size(), parameters.seed());
        return rows;
    }

    private List<Sale> transform(List<Sale> rows) {
        List<Sale> sales = rows.stream().filter(sale -> sale.quantity() > 0).toList();
        log.info("Kept {} sales, dropped {} returns and empty rows", sales.size(), rows.size() - sales.size());
        return sales;
    }

    private Map<String, BigDecimal> load(List<Sale> sales) {
        Map<String, BigDecimal> totals = sales.stream().collect(Collectors.groupingBy(Sale::category, TreeMap::new,
                Collectors.collectingAndThen(Collectors.summingLong(Sale::totalCents), cents -> BigDecimal.valueOf(cents, 2))));
        log.info("Loaded totals for {} categories", totals.size());
        return totals;
    }
}
