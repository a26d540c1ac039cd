package dev.runway.functions.etl;

/**
 * One row of the generated sales data.
 *
 * @param quantity negative for a return
 */
record Sale(int id, String category, int quantity, long unitPriceCents) {

    long totalCents() {
        return quantity * unitPriceCents;
    }
}
