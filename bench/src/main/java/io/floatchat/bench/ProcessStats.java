package io.floatchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** CPU time and resident memory of a process, from /proc (Linux). */
final class ProcessStats {

    private static final long CLOCK_TICKS_PER_SECOND = 100;
    private static final long PAGE_SIZE = 4096;

    private ProcessStats() {
    }

    /** User + system CPU time the process has used so far. */
    static Duration cpu(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        if (info.totalCpuDuration().isPresent()) {
            return info.totalCpuDuration().get();
        }
        String[] stat = stat(process);
        long ticks = Long.parseLong(stat[13]) + Long.parseLong(stat[14]);
        return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
    }

    /**
     * PostgreSQL's processes of the platform whose data directory is {@code dataDirectory}: the
     * postmaster (pg_ctl daemonizes it, so it is not a child of this JVM) and its backends.
     */
    static List<ProcessHandle> postgres(Path dataDirectory) {
        String directory = dataDirectory.toAbsolutePath().normalize().toString();
        List<ProcessHandle> processes = new ArrayList<>();
        ProcessHandle.allProcesses()
                .filter(process -> process.info().command().map(command -> command.endsWith("/postgres")).orElse(false))
                .filter(process -> process.info().arguments().map(arguments -> Arrays.stream(arguments)
                        .anyMatch(argument -> argument.startsWith(directory))).orElse(false))
                .forEach(postmaster -> {
                    processes.add(postmaster);
                    postmaster.descendants().forEach(processes::add);
                });
        if (processes.isEmpty()) {
            throw new IllegalStateException("no PostgreSQL process serves " + directory);
        }
        return processes;
    }

    /** Resident set size in MiB. */
    static double rssMiB(ProcessHandle process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024d;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the memory of process " + process.pid(), e);
        }
        return Long.parseLong(stat(process)[23]) * PAGE_SIZE / 1024d / 1024d;
    }

    /**
     * Proportional set size in MiB: resident memory with shared pages divided among their sharers, so
     * that summing processes (PostgreSQL's backends share its buffers) does not count a page twice.
     */
    static double pssMiB(ProcessHandle process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024d;
                }
            }
        } catch (IOException e) {
            return rssMiB(process);
        }
        return rssMiB(process);
    }

    private static String[] stat(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // the command name may hold spaces: fields are counted after its closing parenthesis, and
            // two placeholders keep proc(5)'s numbering (pid, comm) for the fields used
            return ("pid comm " + stat.substring(stat.lastIndexOf(')') + 2)).split(" ");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the CPU time of process " + process.pid(), e);
        }
    }
}
