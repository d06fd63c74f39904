package io.floatchat.broadcast.service;

import io.floatchat.broadcast.AudienceMember;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.error.ErrorCode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The External Broadcast API's {@code target_audience}: a header row, then one row per user —
 * {@code user.phone_number} (E.164 with '+') and {@code user.attribute_0}, {@code user.attribute_1}, ...
 * which fill the template's {@code {{1}}}, {@code {{2}}}, ... Read line by line: the file is never
 * held in memory. Bad rows are rejected with their reason; they do not fail the upload. The first
 * {@value #MAX_REJECTED_SHOWN} rejected rows are kept with their reason, the rest only counted, so a
 * file of bad lines cannot make an answer of megabytes.
 */
public final class AudienceCsv {

    static final String PHONE_COLUMN = "user.phone_number";
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
    private static final Pattern ATTRIBUTE_COLUMN = Pattern.compile("user\\.attribute_([0-9]{1,2})");
    private static final int MAX_VALUE = 1_024;
    public static final int MAX_REJECTED_SHOWN = 1_000;

    private AudienceCsv() {
    }

    public static Parsed parse(BufferedReader reader, int maxRecipients) throws IOException {
        String header = reader.readLine();
        if (header == null) {
            throw new ApiException(ErrorCode.INVALID_FILE_FORMAT, "target_audience is empty: a header row is required.");
        }
        List<String> columns = fields(header.startsWith("\uFEFF") ? header.substring(1) : header);
        if (columns == null || columns.isEmpty() || !PHONE_COLUMN.equals(columns.get(0).trim())) {
            throw new ApiException(ErrorCode.INVALID_FILE_FORMAT,
                    "The first column of target_audience must be " + PHONE_COLUMN + ".");
        }
        for (int i = 1; i < columns.size(); i++) {
            var matcher = ATTRIBUTE_COLUMN.matcher(columns.get(i).trim());
            if (!matcher.matches() || Integer.parseInt(matcher.group(1)) != i - 1) {
                throw new ApiException(ErrorCode.INVALID_FILE_FORMAT, "Column " + (i + 1) + " must be user.attribute_"
                        + (i - 1) + ", not '" + abbreviate(columns.get(i)) + "'.");
            }
        }
        List<AudienceMember> members = new ArrayList<>();
        List<RejectedRow> rejected = new ArrayList<>();
        int rejectedCount = 0;
        Set<String> seen = new HashSet<>();
        String line;
        int row = 1;
        while ((line = reader.readLine()) != null) {
            row++;
            if (line.isBlank()) {
                continue;
            }
            List<String> values = fields(line);
            String problem = problem(values, columns.size());
            if (problem == null && members.size() >= maxRecipients) {
                problem = "over " + maxRecipients + " recipients";
            }
            if (problem == null && !seen.add(values.get(0).trim())) {
                problem = "duplicate phone number (sent once)";
            }
            if (problem != null) {
                if (rejectedCount++ < MAX_REJECTED_SHOWN) {
                    rejected.add(new RejectedRow(row, problem));
                }
                continue;
            }
            members.add(new AudienceMember(values.get(0).trim().substring(1), List.copyOf(values.subList(1, values.size()))));
        }
        return new Parsed(members, rejected, rejectedCount);
    }

    private static String problem(List<String> values, int columns) {
        if (values == null) {
            return "unbalanced quotes";
        }
        if (values.size() != columns) {
            return "expected " + columns + " columns, found " + values.size();
        }
        if (!E164.matcher(values.get(0).trim()).matches()) {
            return "user.phone_number must be E.164 with '+', e.g. +919876543210";
        }
        for (String value : values) {
            if (value.length() > MAX_VALUE) {
                return "a value is longer than " + MAX_VALUE + " characters";
            }
        }
        return null;
    }

    /** RFC 4180 fields of one line (quoted fields may hold commas and doubled quotes); null when a quote is left open. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c != '\r') {
                field.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        fields.add(field.toString());
        return fields;
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }

    @RegisterForReflection // stored as JSON for Idempotency-Key replays (native image)
    public record RejectedRow(int row, String reason) {
    }

    /** The members, the first rejected rows, and how many rows were rejected in all. */
    public record Parsed(List<AudienceMember> members, List<RejectedRow> rejected, int rejectedCount) {
    }
}
