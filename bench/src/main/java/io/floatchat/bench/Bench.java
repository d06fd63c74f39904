package io.floatchat.bench;

import java.nio.file.Path;
import java.util.Arrays;

/** {@code ./bench/run <name>}: one benchmark, its ratios against their targets. */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("floatchat.home", ".")).toAbsolutePath().normalize();
        String name = args.length == 0 ? "" : args[0];
        String[] options = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        Report report = new Report(name);
        System.out.println("== benchmark " + name + " ==");
        switch (name) {
            case "gateway" -> GatewayBench.run(home, report, options);
            case "conversations" -> ConversationsBench.run(home, report, options);
            case "broadcast" -> BroadcastBench.run(home, report, options);
            case "trigger" -> TriggerBench.run(home, report, options);
            case "footprint" -> FootprintBench.run(home, report, options);
            case "users" -> UsersBench.run(home, report, options);
            default -> {
                System.err.println("unknown benchmark '" + name + "': gateway, users, conversations, broadcast, trigger, footprint");
                System.exit(2);
            }
        }
        report.save(home);
        System.exit(0);
    }
}
