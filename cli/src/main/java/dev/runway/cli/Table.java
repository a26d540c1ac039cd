package dev.runway.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows printed as aligned columns, two spaces apart; the first row is the header when there is one. Each cell is one
 * line with its control characters escaped, so the widths are those of what the terminal shows.
 */
final class Table {

    private final List<String[]> rows = new ArrayList<>();

    Table row(String... cells) {
        rows.add(Arrays.stream(cells).map(TerminalText::line).toArray(String[]::new));
        return this;
    }

    void print(PrintWriter out) {
        int columns = rows.stream().mapToInt(row -> row.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == 0 ? "" : "  ").append(row[i]).append(" ".repeat(widths[i] - row[i].length()));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
