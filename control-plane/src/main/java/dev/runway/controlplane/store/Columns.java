package dev.runway.controlplane.store;

import dev.runway.model.StateType;
import dev.runway.model.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.node.ObjectNode;

/**
 * Conversions between Java values and columns that behave the same on H2 and PostgreSQL:
 * instants as {@code OffsetDateTime} in UTC, JSON as text.
 */
final class Columns {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    /** The states of {@link StateType#isUnderWay()}, as an SQL list for {@code state_type in …}. */
    static final String UNDER_WAY = Arrays.stream(StateType.values()).filter(StateType::isUnderWay)
            .map(type -> "'" + type.name() + "'").collect(Collectors.joining(", ", "(", ")"));

    private Columns() {
    }

    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    static String json(Object value) {
        return Json.mapper().writeValueAsString(value);
    }

    /** Null when the column is SQL NULL (a listing that leaves the column out selects NULL in its place). */
    static ObjectNode object(ResultSet rs, String column) throws SQLException {
        String text = rs.getString(column);
        return text == null ? null : (ObjectNode) Json.mapper().readTree(text);
    }

    static List<String> strings(ResultSet rs, String column) throws SQLException {
        String text = rs.getString(column);
        return text == null ? List.of() : Json.mapper().readValue(text, STRINGS);
    }
}
