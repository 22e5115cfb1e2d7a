package com.opportunityengine.store.embedded;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.LongConsumer;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process MongoDB used when no {@code MONGODB_URI} is given: mongo-java-server with its
 * H2 MVStore backend on a file under the data folder, listening on a loopback port that a MongoDB client opens with
 * the store's credentials: user {@value StoreKey#USER}, the password in the data folder's {@value StoreKey#FILE}
 * (made at the first start), SCRAM-SHA-256 in the {@code admin} database ({@link StoreAuthentication}). This class
 * opens (and so holds) the MVStore, sizes its page cache and closes everything on {@link #close()}. A write with a
 * journaled write concern is synced before it is answered ({@link KeyOrderedH2Backend}).
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    public static final String STORE_FILE = "opportunity-engine.mv.db";

    /**
     * Netty worker threads. A durable write waits for the group commit on its connection's worker thread, and netty
     * binds each connection to one worker for good, so with netty's default (two per core) two busy connections often
     * share a worker and the second waits for the first's sync instead of joining its commit. With a worker per
     * connection of the driver's usual working set, concurrent writers share commits again.
     */
    static final int WORKER_THREADS = 32;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);

    private final Path file;
    private final MVStore store;
    private final KeyOrderedH2Backend backend;
    private final MongoServer server;
    private final InetSocketAddress address;
    private final String password;
    private final int compactOnCloseMillis;
    private volatile boolean closed;
    private java.util.concurrent.ScheduledExecutorService checkpoints;
    private StoreFailureWatch failureWatch;

    private EmbeddedMongoServer(
            Path file,
            MVStore store,
            KeyOrderedH2Backend backend,
            MongoServer server,
            InetSocketAddress address,
            String password,
            int compactOnCloseMillis) {
        this.file = file;
        this.store = store;
        this.backend = backend;
        this.server = server;
        this.address = address;
        this.password = password;
        this.compactOnCloseMillis = compactOnCloseMillis;
    }

    /**
     * Opens the store file {@value #STORE_FILE} under {@code dataDir} and starts listening on
     * 127.0.0.1:{@code port} (0 picks a free port). On POSIX file systems the data folder is made readable by its owner
     * only (0700) and the store file too (0600): the file holds every customer and every API key hash. The port takes
     * the credentials in {@value StoreKey#FILE} ({@link #connectionString()}), made there (0600) at the first start.
     * Durable writes go
     * through the write-ahead journal, the default ({@link #start(Path, int, int, int, boolean)}).
     */
    public static EmbeddedMongoServer start(Path dataDir, int port, int cacheMb, int compactOnCloseMillis) {
        return start(dataDir, port, cacheMb, compactOnCloseMillis, true);
    }

    /** The journal's folder under the data folder (journal mode). */
    public static final String JOURNAL_DIR = "journal";

    /** How often journal mode commits the MVStore in the background. */
    static final long CHECKPOINT_MILLIS = 1000;

    /**
     * As {@link #start(Path, int, int, int)}; with {@code journal} a durable write is answered once its record in the
     * write-ahead journal ({@value #JOURNAL_DIR} under the data folder) is forced, rather than once the whole MVStore is
     * committed and synced, and the MVStore is committed every second in the background
     * ({@link KeyOrderedH2Backend#openJournaled}); without it every durable write forces a (group) commit and sync of the
     * MVStore.
     */
    public static EmbeddedMongoServer start(
            Path dataDir, int port, int cacheMb, int compactOnCloseMillis, boolean journal) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data folder " + dataDir, e);
        }
        ownerOnly(dataDir, "rwx------");
        Path file = dataDir.resolve(STORE_FILE).toAbsolutePath();
        MVStore.Builder builder =
                new MVStore.Builder().fileName(file.toString()).cacheSize(cacheMb);
        if (journal) {
            builder.autoCommitDisabled();
        }
        MVStore store = builder.open();
        if (journal) {
            store.setRetentionTime(StoreCompaction.RETENTION_MILLIS);
        }
        ownerOnly(file, "rw-------");
        try {
            // after the MVStore is open: its file lock keeps a second process on this folder out
            String password = StoreKey.loadOrCreate(dataDir);
            Path keyFile = dataDir.resolve(StoreKey.FILE).toAbsolutePath();
            ownerOnly(keyFile, "rw-------");
            KeyOrderedH2Backend backend = (journal
                            ? KeyOrderedH2Backend.openJournaled(store, dataDir.resolve(JOURNAL_DIR))
                            : KeyOrderedH2Backend.open(store))
                    .requireCredentials(StoreKey.USER, password);
            MongoServer server = new MongoServer(backend);
            server.bind(new InetSocketAddress("127.0.0.1", port), 1, WORKER_THREADS);
            InetSocketAddress address = server.getLocalAddress();
            log.info(
                    "Embedded MongoDB listening on 127.0.0.1:{}; user {} (authSource=admin), its password in {}"
                            + " (store file {}, page cache {} MB)",
                    address.getPort(),
                    StoreKey.USER,
                    keyFile,
                    file,
                    cacheMb);
            EmbeddedMongoServer started =
                    new EmbeddedMongoServer(file, store, backend, server, address, password, compactOnCloseMillis);
            if (journal) {
                started.startCheckpoints();
            }
            started.watchForFailure();
            return started;
        } catch (RuntimeException e) {
            store.closeImmediately();
            throw e;
        }
    }

    /** Sets owner-only permissions where the file system has POSIX permissions; says so when it cannot. */
    private static void ownerOnly(Path path, String permissions) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions: its own defaults apply
        } catch (IOException e) {
            log.warn("Could not make {} readable by its owner only ({}): {}", path, permissions, e.toString());
        }
    }

    private void startCheckpoints() {
        checkpoints = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "embedded-store-checkpoint");
            thread.setDaemon(true);
            return thread;
        });
        checkpoints.scheduleWithFixedDelay(
                () -> {
                    try {
                        backend.checkpoint();
                    } catch (RuntimeException e) {
                        log.warn(
                                "Embedded store checkpoint failed (the journal still holds the writes): {}",
                                e.toString());
                    }
                },
                CHECKPOINT_MILLIS,
                CHECKPOINT_MILLIS,
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void watchForFailure() {
        failureWatch = StoreFailureWatch.start(this::failure);
        failureWatch.onFailure(reason -> {
            log.error(
                    "Embedded store failed: {}. It stops serving: its memory may hold writes that are not on disk;"
                            + " a new start replays the journal to exactly what was acknowledged",
                    reason);
            server.shutdownNow();
        });
    }

    /**
     * Why this store can no longer serve (its MVStore closed itself, or its journal could not be written), empty while
     * it is healthy or after {@link #close()}.
     */
    public java.util.Optional<String> failure() {
        if (closed) {
            return java.util.Optional.empty();
        }
        if (store.isClosed()) {
            return java.util.Optional.of("its MVStore file " + file + " closed itself (a write to it failed)");
        }
        if (backend.journaled()) {
            return backend.journal().failure().map(e -> "its write-ahead journal could not be written (" + e + ")");
        }
        return java.util.Optional.empty();
    }

    /**
     * {@code listener} is told once, with the reason, when this store fails ({@link #failure()}), on a thread of the
     * store's; by then the store has stopped listening. The process embedding it should exit so that its supervisor
     * starts it again: the start replays the journal.
     */
    public void onFailure(java.util.function.Consumer<String> listener) {
        failureWatch.onFailure(listener);
    }

    /** Tests: the journal (journal mode) or the MVStore, to break on purpose. */
    WriteJournal journalForTest() {
        return backend.journal();
    }

    MVStore mvStoreForTest() {
        return store;
    }

    /** Tells {@code observer} how long each durable write waited for its group commit, in nanoseconds. */
    public void observeDurableWaits(LongConsumer observer) {
        if (backend.journaled()) {
            backend.journal().observeForces(observer);
        } else {
            backend.groupCommit().observeWaits(observer);
        }
    }

    public int port() {
        return address.getPort();
    }

    /**
     * {@code mongodb://engine:<password>@127.0.0.1:<port>/?authSource=admin&authMechanism=SCRAM-SHA-256}: it holds the
     * password, so it is never logged.
     */
    public String connectionString() {
        return connectionString("");
    }

    /** {@link #connectionString()} with {@code database} as the URI's default database. */
    public String connectionString(String database) {
        return connectionString(password, port(), database);
    }

    /**
     * The connection string of a store that another process runs on {@code dataDir} (its {@code store} verb or its
     * standalone engine) and {@code port}, with the password its {@value StoreKey#FILE} holds.
     */
    public static String connectionString(Path dataDir, int port, String database) {
        return connectionString(StoreKey.read(dataDir), port, database);
    }

    private static String connectionString(String password, int port, String database) {
        // the password is base64url: nothing in it needs escaping in a URI
        return "mongodb://" + StoreKey.USER + ":" + password + "@127.0.0.1:" + port + "/" + database
                + "?authSource=admin&authMechanism=" + StoreAuthentication.MECHANISM;
    }

    /** The data folder's file that holds the store's password. */
    public Path keyFile() {
        return file.resolveSibling(StoreKey.FILE);
    }

    public Path file() {
        return file;
    }

    /** Stops listening, commits, compacts for up to the configured time and closes the file. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (failureWatch != null) {
            failureWatch.close();
        }
        if (checkpoints != null) {
            checkpoints.shutdown(); // no interrupt: an interrupted NIO write closes the MVStore's file channel
            try {
                checkpoints.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // H2Backend closes the MVStore here, after the journal's last checkpoint (KeyOrderedH2Backend.close)
        server.shutdownNow();
        // a failed store was closed there without committing its memory (KeyOrderedH2Backend#close)
        if (!store.isClosed()) {
            backend.closeJournal();
            store.commit();
            store.close(compactOnCloseMillis);
        }
        log.info("Embedded MongoDB on port {} closed", port());
    }
}
