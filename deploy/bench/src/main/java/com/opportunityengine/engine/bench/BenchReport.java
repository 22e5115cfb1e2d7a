package com.opportunityengine.engine.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What a run measured: the machine and the results, as JSON and as a table. */
public record BenchReport(Machine machine, List<BenchResult> results) {

    public void writeJson(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            java.nio.file.Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
    }

    public void printTable(PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%nmachine: %d cores, max heap %d MB, Java %s, %s, store %s, load %.2f, profile %s, %s%n",
                machine.cores(),
                machine.maxHeap(),
                machine.java(),
                machine.os(),
                machine.store(),
                machine.load(),
                machine.profile(),
                machine.startedAt());
        String format = "%-40s %14s %-12s %8s %8s %-5s %s%n";
        out.printf(Locale.ROOT, format, "figure", "value", "unit", "ratio", "target", "met", "reference / note");
        for (BenchResult r : results) {
            out.printf(
                    Locale.ROOT,
                    format,
                    r.name(),
                    number(r.value()),
                    r.unit(),
                    number(r.ratio()),
                    r.target() == null ? "" : r.target(),
                    r.met() == null ? "" : r.met() ? "yes" : "NO",
                    r.note() == null ? "" : r.note());
        }
    }

    /** The same table as Markdown, for docs. */
    public void printMarkdown(PrintStream out) {
        out.println("| figure | value | unit | ratio | target | met | reference / note |");
        out.println("|---|---:|---|---:|---|---|---|");
        for (BenchResult r : results) {
            out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s | %s |%n",
                    r.name(),
                    number(r.value()),
                    r.unit(),
                    number(r.ratio()),
                    r.target() == null ? "" : r.target(),
                    r.met() == null ? "" : r.met() ? "yes" : "**no**",
                    r.note() == null ? "" : r.note());
        }
    }

    private static String number(Double value) {
        if (value == null) {
            return "-";
        }
        return Math.abs(value) >= 100
                ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
