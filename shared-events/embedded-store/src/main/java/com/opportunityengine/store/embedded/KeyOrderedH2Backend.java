package com.opportunityengine.store.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend with two changes to how it uses H2's MVStore: its unique indexes
 * (every collection's {@code _id} index among them) are keyed by {@link IndexKeyType}, which compares
 * index keys by value rather than by Java-serialising them on every B-tree step, and its documents
 * are written by {@link DocumentValueType} as BSON rather than by Java serialisation. The file stays
 * H2's: a file written before reads (old values by their own tags), and {@link KeyOrderMigration}
 * re-sorts its index maps once. Its non-unique indexes, which mongo-java-server ignores, are kept too
 * ({@link SecondaryIndexMap}) and answer the queries and counts they fit ({@link IndexedH2Collection},
 * {@link IndexedCount}).
 * <p>
 * Durability is the server's, as on MongoDB: a write command whose write concern asks for the journal
 * ({@code j: true}) or a majority is answered only once the MVStore has committed and synced it, by group
 * commit ({@link MvStoreGroupCommit}), so that every client writing through a journaled write concern is
 * durable without remembering anything. Other writes (read models, tokens: {@code w: 1}) are committed with
 * the next durable write or by the MVStore's own background commit; the file is a log, so what survives a
 * crash is always a prefix of what was written.
 */
public final class KeyOrderedH2Backend extends H2Backend {

    /** The write commands, as drivers name them (the server matches command names case-insensitively). */
    private static final Set<String> WRITE_COMMANDS =
            Set.of("insert", "update", "delete", "findAndModify", "findandmodify");

    /**
     * The commands that read a document and write it back. mongo-java-server runs them without a lock, so two
     * connections incrementing one counter could both read the same value; here they run one at a time per collection,
     * atomic as on MongoDB, which several engine processes sharing this store rely on (position counters, claims).
     */
    private static final Set<String> READ_MODIFY_WRITE_COMMANDS = Set.of("update", "findAndModify", "findandmodify");

    /**
     * The commands that change what is stored, lower case: in journal mode each is applied under the write lock and
     * journaled in the order applied, so that a replay of the journal after the committed state rebuilds the same state.
     */
    private static final Set<String> MUTATING_COMMANDS = Set.of(
            "insert",
            "update",
            "delete",
            "findandmodify",
            "create",
            "createindexes",
            "drop",
            "dropdatabase",
            "dropindexes",
            "renamecollection");

    /** Map holding the journal sequence the committed state includes. */
    static final String JOURNAL_META = "engine.journal";

    static final String APPLIED = "applied";

    /** A journal file past this size is closed and a new one started at the next checkpoint. */
    static final long ROTATE_BYTES = 4L << 20;

    private final MvStoreGroupCommit groupCommit;
    private final Map<String, Object> collectionLocks = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    private WriteJournal journal;
    private StoreAuthentication authentication;

    private KeyOrderedH2Backend(MVStore store) {
        super(store);
        this.groupCommit = new MvStoreGroupCommit(store);
    }

    /** The backend on {@code store}, after re-sorting any index map still in H2's serialised order. */
    public static KeyOrderedH2Backend open(MVStore store) {
        KeyOrderMigration.run(store);
        return new KeyOrderedH2Backend(store);
    }

    /**
     * The backend on {@code store} in journal mode: the journal in {@code journalDir} is replayed after the sequence the
     * store's committed state includes, the result committed and synced, the old journal files deleted. From then on a
     * durable write is answered once its journal record is forced ({@code fdatasync}), and {@link #checkpoint()} commits
     * the MVStore with the sequence it includes. The MVStore's own background commit must be off
     * ({@code autoCommitDisabled()}): a commit not taken under the write lock would not match its recorded sequence.
     */
    public static KeyOrderedH2Backend openJournaled(MVStore store, java.nio.file.Path journalDir) {
        KeyOrderedH2Backend backend = open(store);
        MVMap<String, Long> meta = store.openMap(JOURNAL_META);
        long applied = meta.getOrDefault(APPLIED, 0L);
        io.netty.channel.embedded.EmbeddedChannel replay = new io.netty.channel.embedded.EmbeddedChannel();
        long last = applied;
        for (WriteJournal.Entry entry : WriteJournal.read(journalDir, applied)) {
            try {
                backend.apply(replay, entry.database(), entry.command(), entry.query());
            } catch (RuntimeException failedAsBefore) {
                // the command failed the same way when it was first applied, and was answered so
            }
            last = entry.sequence();
        }
        meta.put(APPLIED, last);
        store.commit();
        store.sync();
        backend.journal = WriteJournal.open(journalDir, last);
        java.nio.file.Path current = WriteJournal.files(journalDir).stream()
                .reduce((first, second) -> second)
                .orElseThrow();
        WriteJournal.deleteAllBut(journalDir, current);
        return backend;
    }

    /**
     * Journal mode: commits the MVStore with the journal sequence it includes, under the write lock so that the two
     * agree, syncs it and drops the journal files it makes unnecessary. Without a journal: commits and syncs.
     */
    public void checkpoint() {
        MVStore store = getMvStore();
        if (journal == null) {
            store.commit();
            store.sync();
            return;
        }
        java.nio.file.Path rotated = null;
        synchronized (writeLock) {
            if (journal.failure().isPresent()) {
                // the memory may hold writes refused to their clients: never commit it (EmbeddedMongoServer#failure)
                return;
            }
            long sequence = journal.lastAppended();
            MVMap<String, Long> meta = store.openMap(JOURNAL_META);
            if (sequence == meta.getOrDefault(APPLIED, 0L)
                    && !store.hasUnsavedChanges()
                    && !StoreCompaction.neededWhenIdle(store)) {
                return;
            }
            if (journal.currentFileSize() > ROTATE_BYTES) {
                rotated = journal.rotate();
            }
            StoreCompaction.rewriteChunks(store);
            meta.put(APPLIED, sequence);
            store.commit();
            StoreCompaction.shrinkFile(store);
        }
        store.sync();
        if (rotated != null) {
            journal.deleteBefore(rotated);
        }
    }

    /**
     * Journal mode: a last checkpoint, then the journal rotated and its older files deleted (the committed state holds
     * all they hold, so the next start has nothing to read), then closed.
     */
    void closeJournal() {
        if (journal != null && !getMvStore().isClosed()) {
            checkpoint();
            java.nio.file.Path current;
            synchronized (writeLock) {
                current = journal.lastAppended()
                                == getMvStore()
                                        .<String, Long>openMap(JOURNAL_META)
                                        .getOrDefault(APPLIED, 0L)
                        ? journal.rotate()
                        : null;
            }
            if (current != null) {
                journal.deleteBefore(current);
            }
            journal.close();
        }
    }

    /**
     * Closes the MVStore (H2Backend's close commits and closes it); in journal mode after a last checkpoint, so that
     * the committed state and its recorded journal sequence agree.
     */
    @Override
    public void close() {
        if (getMvStore().isClosed() || (journal != null && journal.failure().isPresent())) {
            // failed (EmbeddedMongoServer#failure): the memory may hold writes refused to their clients, so none of it
            // may reach the file; H2Backend's close would commit it
            getMvStore().closeImmediately();
            try {
                super.close();
            } catch (RuntimeException onAClosedStore) {
                // the databases' maps are gone with the store: nothing left to close
            }
            return;
        }
        closeJournal();
        super.close();
    }

    boolean journaled() {
        return journal != null;
    }

    WriteJournal journal() {
        return journal;
    }

    /** A backend on a new in-memory MVStore (tests). */
    public static KeyOrderedH2Backend inMemory() {
        return open(new MVStore.Builder().open());
    }

    /**
     * From now on a connection must authenticate as {@code user} with {@code password} (SCRAM-SHA-256, database
     * {@code admin}) before anything but the handshake ({@link StoreAuthentication}). Called before the server listens.
     */
    KeyOrderedH2Backend requireCredentials(String user, String password) {
        this.authentication = StoreAuthentication.forUser(user, password);
        return this;
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (authentication != null) {
            Document refusedOrSasl = authentication.intercept(channel, databaseName, command, query);
            if (refusedOrSasl != null) {
                return refusedOrSasl;
            }
        }
        if (command.equalsIgnoreCase("hello") || command.equalsIgnoreCase("ismaster")) {
            return handshake(channel, databaseName, command, query);
        }
        if (command.equalsIgnoreCase("serverStatus")) {
            // past the door: this connection may read it (the override below guards the path that skips the door)
            return super.getServerStatus();
        }
        if (journal != null && MUTATING_COMMANDS.contains(command.toLowerCase(java.util.Locale.ROOT))) {
            Document answer;
            long sequence;
            synchronized (writeLock) {
                try {
                    answer = apply(channel, databaseName, command, query);
                } finally {
                    // journaled even when it failed: a replay fails the same way, with the same partial effect
                    sequence = journal.append(databaseName, command, query);
                }
            }
            if (asksForDurability(query)) {
                journal.awaitForced(sequence);
            }
            return answer;
        }
        Document answer = apply(channel, databaseName, command, query);
        // outside the lock: writers of one collection share a group commit
        if (WRITE_COMMANDS.contains(command) && asksForDurability(query)) {
            groupCommit.awaitDurable();
        }
        return answer;
    }

    /**
     * {@code isMaster} as mongo-java-server answers it, and {@code hello} (which it does not know) as the same answer
     * under MongoDB's newer name; with {@code saslSupportedMechs} asked, the mechanism this store offers; with
     * {@code speculativeAuthenticate}, the first step of the SCRAM conversation ({@link StoreAuthentication}).
     */
    private Document handshake(Channel channel, String databaseName, String command, Document query) {
        Document answer = super.handleCommand(channel, databaseName, "isMaster", query);
        if (command.equalsIgnoreCase("hello")) {
            Object writable = answer.remove("ismaster");
            answer.put("isWritablePrimary", writable);
        }
        if (authentication != null && query.containsKey("saslSupportedMechs")) {
            answer.put("saslSupportedMechs", StoreAuthentication.supportedMechanisms());
        }
        if (authentication != null && query.get("speculativeAuthenticate") instanceof Document speculative) {
            Document started = authentication.speculativeStart(channel, speculative);
            if (started != null) {
                answer.put("speculativeAuthenticate", started);
            }
        }
        return answer;
    }

    /**
     * Reached without a connection only from mongo-java-server's wire handler, which answers a legacy OP_QUERY
     * {@code serverStatus} on {@code admin.$cmd} itself instead of passing it to {@link #handleCommand}: with
     * credentials required that path is refused (the command over OP_MSG, after authentication, is answered above).
     */
    @Override
    public Document getServerStatus() {
        if (authentication != null) {
            // an answer, not an exception: the wire handler's legacy path has no error handling and would drop the
            // connection
            return StoreAuthentication.error(
                    StoreAuthentication.UNAUTHORIZED,
                    "Unauthorized",
                    "serverStatus over a legacy OP_QUERY is refused; send it as a command on an authenticated connection");
        }
        return super.getServerStatus();
    }

    /** Legacy OP_QUERY reads (not commands) are refused to an unauthenticated connection as commands are. */
    @Override
    public de.bwaldvogel.mongo.backend.QueryResult handleQuery(de.bwaldvogel.mongo.wire.message.MongoQuery query) {
        refuseUnauthenticated(query);
        return super.handleQuery(query);
    }

    @Override
    public java.util.Collection<Document> getCurrentOperations(de.bwaldvogel.mongo.wire.message.MongoQuery query) {
        refuseUnauthenticated(query);
        return super.getCurrentOperations(query);
    }

    private void refuseUnauthenticated(de.bwaldvogel.mongo.wire.message.MongoQuery query) {
        if (authentication != null && !authentication.authenticated(query.getChannel())) {
            throw new de.bwaldvogel.mongo.exception.MongoServerError(
                    StoreAuthentication.UNAUTHORIZED, "Unauthorized", "query requires authentication");
        }
    }

    private Document apply(Channel channel, String databaseName, String command, Document query) {
        Document answer;
        if (READ_MODIFY_WRITE_COMMANDS.contains(command) && query.get(command) instanceof String collection) {
            synchronized (collectionLocks.computeIfAbsent(databaseName + "." + collection, name -> new Object())) {
                // the answer may hold the stored document itself, which the next update changes in place before this
                // answer is encoded: answer a copy taken under the lock
                answer = super.handleCommand(channel, databaseName, command, query)
                        .cloneDeeply();
            }
        } else {
            answer = super.handleCommand(channel, databaseName, command, query);
        }
        return answer;
    }

    /** Group commit on this backend's MVStore (what a durable write waits for). */
    MvStoreGroupCommit groupCommit() {
        return groupCommit;
    }

    /** {@code writeConcern: {j: true}} or {@code {w: "majority"}}, as a MongoDB server reads them. */
    static boolean asksForDurability(Document query) {
        if (!(query.get("writeConcern") instanceof Document concern)) {
            return false;
        }
        return Boolean.TRUE.equals(concern.get("j")) || "majority".equals(concern.get("w"));
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return KeyOrderedDatabase.open(databaseName, getMvStore(), getCursorRegistry());
    }

    static MVMap.Builder<KeyValue, Object> indexMap() {
        return new MVMap.Builder<KeyValue, Object>().keyType(IndexKeyType.INSTANCE);
    }

    private static final class KeyOrderedDatabase extends H2Database {

        /** H2Database opens the indexes from its constructor, before this class's fields are set. */
        private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

        private final MVStore store;

        private KeyOrderedDatabase(String name, MVStore store, CursorRegistry cursors) {
            super(name, store, cursors);
            this.store = store;
        }

        static KeyOrderedDatabase open(String name, MVStore store, CursorRegistry cursors) {
            OPENING.set(store);
            try {
                return new KeyOrderedDatabase(name, store, cursors);
            } finally {
                OPENING.remove();
            }
        }

        @Override
        protected de.bwaldvogel.mongo.MongoCollection<Object> openOrCreateCollection(
                String collectionName, CollectionOptions options) {
            MVStore mvStore = store != null ? store : OPENING.get();
            // the same map names as H2Database's, so its drop, dropCollection and moveCollection find them
            String fullName = getFullCollectionNamespace(collectionName);
            MVMap<Object, Document> documents = mvStore.openMap(
                    "databases." + fullName,
                    new MVMap.Builder<Object, Document>().valueType(DocumentValueType.INSTANCE));
            MVMap<String, Object> meta = mvStore.openMap("meta." + fullName);
            return new IndexedH2Collection(this, collectionName, options, documents, meta, cursorRegistry);
        }

        /** Non-unique indexes, which mongo-java-server ignores, as {@link SecondaryIndexMap}s (sparse ones still not). */
        @Override
        protected Index<Object> openOrCreateSecondaryIndex(
                String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            if (sparse) {
                return super.openOrCreateSecondaryIndex(collectionName, indexName, keys, sparse);
            }
            MVStore mvStore = store != null ? store : OPENING.get();
            SecondaryIndexMap index =
                    SecondaryIndexMap.open(mvStore, getFullCollectionNamespace(collectionName), indexName, keys);
            de.bwaldvogel.mongo.MongoCollection<Object> collection = resolveCollection(collectionName, false);
            if (collection != null && index.getCount() != collection.count()) {
                // written without this index (before it existed here, or by a version that ignored it): rebuilt when
                // the collection adds it
                index.clear();
            }
            return index;
        }

        @Override
        public Document handleCommand(
                Channel channel,
                String command,
                Document query,
                de.bwaldvogel.mongo.backend.DatabaseResolver resolver,
                de.bwaldvogel.mongo.oplog.Oplog oplog) {
            if (command.equals("aggregate")) {
                Document counted = IndexedCount.answer(this, query);
                if (counted != null) {
                    return counted;
                }
            }
            return super.handleCommand(channel, command, query, resolver, oplog);
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(
                String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            MVStore mvStore = store != null ? store : OPENING.get();
            // the same map name as H2Database's, so its dropIndex and drop find the map
            String mapName = getFullCollectionNamespace(collectionName) + "._index_" + indexName;
            return new UniqueIndexMap(mvStore.openMap(mapName, indexMap()), indexName, keys, sparse);
        }
    }
}
