package com.opportunityengine.store.embedded;

import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;

/**
 * Compaction of the embedded store's file while it runs, one bounded step per checkpoint. The MVStore writes every
 * change to a new chunk (copy on write): a read-model document updated a thousand times leaves a thousand dead
 * copies in chunks that also hold live pages (events written once), and such a chunk is never freed. H2 compacts
 * this in its background thread, which journal mode turns off (a commit must happen under the backend's write lock,
 * {@link KeyOrderedH2Backend#checkpoint()}), so the checkpoint does it instead: it rewrites the live pages of the
 * least-filled chunks ({@link MVStore#compact(int, int)}, committed with the checkpoint), and when the file itself has
 * holes, moves chunks towards its start and truncates it ({@link RandomAccessStore#compactMoveChunks}).
 * Both only rewrite what is already stored, so the committed state still matches the journal sequence recorded.
 */
final class StoreCompaction {

    /** Below this share of live bytes in the chunks, a checkpoint rewrites some. */
    static final int CHUNK_FILL_TARGET = 80;

    /** Below this share of the file used by chunks, a checkpoint moves chunks and shrinks the file. */
    static final int FILE_FILL_TARGET = 80;

    /** Bytes of live pages rewritten per checkpoint: bounds how long writers wait for it. */
    static final int REWRITE_BYTES = 2 << 20;

    /** Bytes of chunks moved per checkpoint. */
    static final long MOVE_BYTES = 4L << 20;

    /**
     * How long a dead chunk's space is kept before new chunks may overwrite it (H2's default: 45 s). A crash during
     * a commit falls back to the previous version, whose chunks must still be there: five checkpoints, each synced,
     * pass before a chunk dead since then is reused.
     */
    static final int RETENTION_MILLIS = 5000;

    private StoreCompaction() {}

    /**
     * Below this share of live bytes, a checkpoint with nothing new to commit still compacts. Higher, an idle store is
     * left alone: rewriting live pages itself leaves some dead space, and an idle store would otherwise rewrite a few
     * megabytes every second for ever.
     */
    static final int IDLE_CHUNK_FILL_TARGET = 40;

    /** True when an idle checkpoint should compact: the chunks are mostly dead, or the file has large holes. */
    static boolean neededWhenIdle(MVStore store) {
        FileStore<?> file = store.getFileStore();
        return file != null
                && (file.getChunksFillRate() < IDLE_CHUNK_FILL_TARGET || file.getFillRate() < FILE_FILL_TARGET);
    }

    /**
     * Before the checkpoint's commit, under the write lock: marks the live pages of the least-filled chunks for
     * rewriting, at most {@link #REWRITE_BYTES}; the commit writes them and the old chunks die.
     */
    static void rewriteChunks(MVStore store) {
        FileStore<?> file = store.getFileStore();
        if (file != null && file.getChunksFillRate() < CHUNK_FILL_TARGET) {
            store.compact(CHUNK_FILL_TARGET, REWRITE_BYTES);
        }
    }

    /**
     * After the checkpoint's commit, under the write lock (it commits too): frees the chunks past their retention
     * time and, when the file's fill rate is below {@link #FILE_FILL_TARGET}, moves chunks into the holes and
     * truncates the file.
     */
    static void shrinkFile(MVStore store) {
        if (store.getFileStore() instanceof RandomAccessStore file && file.getFillRate() < FILE_FILL_TARGET) {
            file.compactMoveChunks(FILE_FILL_TARGET, MOVE_BYTES, store);
        }
    }
}
