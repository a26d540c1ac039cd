package dev.runway.model.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.util.Arrays;
import java.util.List;

/**
 * The cron syntax schedules accept: Unix crontab's five fields ({@code minute hour day-of-month month day-of-week}),
 * or six with a {@code second} field first. Values, ranges, lists, steps and the names {@code JAN}–{@code DEC} and
 * {@code SUN}–{@code SAT} as in crontab; day-of-week 0 and 7 are Sunday. As in crontab, when both day fields are
 * restricted a day matches if either does ({@code 0 0 13 * 5}: the 13th and every Friday). No {@code ?}, {@code L},
 * {@code W}, {@code #} or {@code @daily}: what Quartz or Spring add is refused, not half understood.
 */
final class UnixCron {

    private static final List<String> FIVE_FIELDS = List.of("minute", "hour", "day-of-month", "month", "day-of-week");
    private static final List<String> SIX_FIELDS = List.of("second", "minute", "hour", "day-of-month", "month",
            "day-of-week");

    private static final CronParser MINUTES = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser SECONDS = new CronParser(withSeconds());

    private UnixCron() {
    }

    /**
     * The parsed cron.
     *
     * @throws IllegalArgumentException naming the field at fault, e.g. {@code '0 25 * * *': hour '25': value 25 not in
     *                                  range [0, 23]}
     */
    static Cron parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty; write 5 fields (" + String.join(" ", FIVE_FIELDS)
                    + ") or 6 (second first)");
        }
        String[] fields = text.trim().split("\\s+");
        if (fields.length != 5 && fields.length != 6) {
            throw new IllegalArgumentException("'" + text + "' has " + fields.length + " fields; a cron has 5 ("
                    + String.join(" ", FIVE_FIELDS) + ") or 6 (second first)");
        }
        CronParser parser = fields.length == 5 ? MINUTES : SECONDS;
        try {
            return parser.parse(String.join(" ", fields));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': " + faultyField(parser, fields, e), e);
        }
    }

    /**
     * Which field the library refused and why. Its message says what is wrong but not where, so each field is parsed
     * again alone among stars; the first one that fails is named.
     */
    private static String faultyField(CronParser parser, String[] fields, IllegalArgumentException whole) {
        List<String> names = fields.length == 5 ? FIVE_FIELDS : SIX_FIELDS;
        for (int i = 0; i < fields.length; i++) {
            String[] alone = new String[fields.length];
            Arrays.fill(alone, "*");
            alone[i] = fields[i];
            try {
                parser.parse(String.join(" ", alone));
            } catch (IllegalArgumentException e) {
                return names.get(i) + " '" + fields[i] + "': " + reason(e);
            }
        }
        return reason(whole);
    }

    private static String reason(IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage()).replace("Failed to parse cron expression. ", "");
        if (message.startsWith("Invalid chars")) {
            return "has characters a cron field cannot hold (allowed: digits, names such as JAN or MON, and * , - /)";
        }
        return Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }

    /** Unix crontab's definition with a seconds field in front. */
    private static CronDefinition withSeconds() {
        return CronDefinitionBuilder.defineCron()
                .withSeconds().withValidRange(0, 59).withStrictRange().and()
                .withMinutes().withValidRange(0, 59).withStrictRange().and()
                .withHours().withValidRange(0, 23).withStrictRange().and()
                .withDayOfMonth().withValidRange(1, 31).withStrictRange().and()
                .withMonth().withValidRange(1, 12).withStrictRange().and()
                .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0).withStrictRange().and()
                .instance();
    }
}
