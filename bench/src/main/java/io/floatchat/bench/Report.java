package io.floatchat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What a benchmark found: absolute numbers (reported, never judged: this machine is shared) and
 * ratios against a baseline measured in the same run, each with its target. Printed, and appended as
 * markdown table rows to bench/target/results.md for bench/README.md's results table.
 */
final class Report {

    private final String benchmark;
    private final List<String> rows = new ArrayList<>();
    private boolean allMet = true;

    Report(String benchmark) {
        this.benchmark = benchmark;
    }

    void measured(String what, String value) {
        System.out.printf("  %-58s %s%n", what, value);
    }

    /** A ratio and whether it meets its target ("<=" or ">=" a bound). */
    void ratio(String what, double value, String comparison, double bound) {
        boolean met = comparison.equals(">=") ? value >= bound : value <= bound;
        allMet &= met;
        String verdict = met ? "met" : "MISSED";
        System.out.printf("  %-58s %.3f (target %s %.2f) %s%n", what, value, comparison, bound, verdict);
        rows.add(String.format("| %s | %s | %s | %.3f | %s %.2f | %s |", LocalDate.now(), commit(), benchmark + ": " + what,
                value, comparison, bound, verdict));
    }

    /** A ratio reported beside the targets, not judged (e.g. a ceiling that explains a miss). */
    void reported(String what, double value) {
        System.out.printf("  %-58s %.3f (reported)%n", what, value);
        rows.add(String.format("| %s | %s | %s | %.3f | — | reported |", LocalDate.now(), commit(), benchmark + ": " + what,
                value));
    }

    boolean allMet() {
        return allMet;
    }

    void save(Path home) {
        Path file = home.resolve("bench/target/results.md");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, rows, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(allMet ? "all targets met" : "some targets MISSED");
    }

    private static String commit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
