package com.opportunityengine.engine;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.opportunityengine.store.embedded.EmbeddedMongoServer;
import com.opportunityengine.store.embedded.StoreKey;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar opportunity-engine.jar store [--port=27017] [--data-dir=./data] [--cache-mb=128]
 * [--compact-on-close-millis=2000] [--journal=true]}: runs only the
 * embedded store, on loopback, so that several engine processes on one machine share it through
 * {@code MONGODB_URI=mongodb://engine:<password>@127.0.0.1:<port>/opportunity_engine?authSource=admin}, the password
 * being the one the store made in {@code <data-dir>/store.key} at its first start (the port takes no other
 * credentials). A write whose write concern asks for the journal
 * or a majority (every append of the event log) is on disk before it is answered, so an acknowledged command survives a
 * {@code kill -9} of this process: with {@code --journal=true} (the default, as {@code engine.embedded-mongo.journal})
 * once its record in the write-ahead journal is forced, with {@code --journal=false} once the MVStore is committed and
 * synced (group commit). Runs until it is stopped (SIGTERM or Ctrl-C
 * closes the file cleanly). Exit status 2 on a usage error, 75 when the store failed for good in this process (its file
 * closed itself or its journal could not be written: a supervisor should start it again).
 */
final class StoreCommand {

    private static final Set<String> OPTIONS =
            Set.of("port", "data-dir", "cache-mb", "compact-on-close-millis", "journal");

    private StoreCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0 || !OPTIONS.contains(arg.substring(2, eq))) {
                err.println("unexpected argument " + arg);
                err.println("usage: java -jar opportunity-engine.jar store [--port=27017] [--data-dir=./data]"
                        + " [--cache-mb=128] [--compact-on-close-millis=2000] [--journal=true|false]");
                return 2;
            }
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        int port;
        int cacheMb;
        int compactMillis;
        try {
            port = Integer.parseInt(options.getOrDefault("port", "27017"));
            cacheMb = Integer.parseInt(options.getOrDefault("cache-mb", "128"));
            compactMillis = Integer.parseInt(options.getOrDefault("compact-on-close-millis", "2000"));
        } catch (NumberFormatException e) {
            err.println("--port, --cache-mb and --compact-on-close-millis take whole numbers: " + e.getMessage());
            return 2;
        }
        String journalOption = options.getOrDefault("journal", "true");
        if (!journalOption.equals("true") && !journalOption.equals("false")) {
            err.println("--journal takes true or false: " + journalOption);
            return 2;
        }
        boolean journal = Boolean.parseBoolean(journalOption);
        Path dataDir = Path.of(options.getOrDefault("data-dir", "./data"));
        quietLogging();
        EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir, port, cacheMb, compactMillis, journal);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "store-shutdown"));
        // a store that failed for good in this process (its file closed itself, its journal cannot be written) must not
        // serve again from memory: exit for the supervisor to start it again, which replays the journal
        server.onFailure(reason -> {
            err.println("The embedded store failed: " + reason + "; exiting with status 75 to be restarted");
            err.flush();
            new Thread(() -> System.exit(75), "store-failure-exit").start();
        });
        out.println("The embedded store is listening on 127.0.0.1:" + server.port() + " (file " + server.file()
                + (journal ? ", write-ahead journal on" : ", write-ahead journal off") + ").");
        // the password stays in its file: the line names the file, not its content
        out.println("Start engine nodes with MONGODB_URI=\"mongodb://" + StoreKey.USER + ":$(cat " + server.keyFile()
                + ")@127.0.0.1:" + server.port() + "/opportunity_engine?authSource=admin\" (user " + StoreKey.USER
                + ", its password in " + server.keyFile() + ").");
        out.flush();
        stopped.await();
        return 0;
    }

    /** Without Spring Boot, Logback would log everything at DEBUG: the store's own lines and warnings only. */
    private static void quietLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
            logback.getLogger("com.opportunityengine").setLevel(Level.INFO);
        }
    }
}
