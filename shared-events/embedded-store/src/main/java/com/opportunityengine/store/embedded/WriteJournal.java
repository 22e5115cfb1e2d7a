package com.opportunityengine.store.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The embedded store's write-ahead journal: every write command, in the order it was applied, as one record
 * {@code [payload length int][CRC32C of sequence and payload int][sequence long][payload: BSON {d, c, q}]} appended
 * to {@code journal-<first sequence>.log} files in one folder. Appending only buffers; {@link #awaitForced(long)}
 * writes the buffer and forces it with {@code fdatasync}, one caller for everyone waiting (group commit). A record
 * whose length runs past the end of the file or whose checksum does not match is a torn tail: reading stops there.
 * <p>
 * {@link #append} and {@link #rotate} must be called by one thread at a time, in the order the writes are applied
 * (the backend's write lock); {@link #awaitForced} by anyone.
 */
final class WriteJournal implements AutoCloseable {

    static final String PREFIX = "journal-";
    static final String SUFFIX = ".log";
    private static final int HEADER = 16;

    /** One journaled write command. */
    record Entry(long sequence, String database, String command, Document query) {}

    private final Path dir;
    private final Object lock = new Object();
    private FileChannel channel;
    private long fileSize;
    private ByteBuffer pending = ByteBuffer.allocate(64 * 1024);
    private long lastAppended;
    private long forced;
    private boolean forcing;
    private IOException failure;
    private volatile LongConsumer forceObserver = nanos -> {};

    private WriteJournal(Path dir, long lastSequence) throws IOException {
        this.dir = dir;
        this.lastAppended = lastSequence;
        this.forced = lastSequence;
        this.channel = openFile(lastSequence + 1);
    }

    /**
     * A journal whose next record is {@code lastSequence + 1}, in a new file; call after {@link #read} and replay,
     * once the replayed state is committed, and {@link #deleteAll} of the old files.
     */
    static WriteJournal open(Path dir, long lastSequence) {
        try {
            Files.createDirectories(dir);
            return new WriteJournal(dir, lastSequence);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the journal in " + dir, e);
        }
    }

    /** Every intact record of the journal files in {@code dir} with a sequence above {@code after}, in order. */
    static List<Entry> read(Path dir, long after) {
        List<Entry> entries = new ArrayList<>();
        for (Path file : files(dir)) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the journal file " + file, e);
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            while (in.remaining() >= HEADER) {
                int length = in.getInt();
                int checksum = in.getInt();
                long sequence = in.getLong();
                if (length < 0 || length > in.remaining()) {
                    return entries; // torn tail: the write was never acknowledged
                }
                CRC32C crc = new CRC32C();
                crc.update(bytes, in.position() - 8, 8 + length);
                if ((int) crc.getValue() != checksum) {
                    return entries;
                }
                if (sequence > after) {
                    ByteBuf payload = Unpooled.wrappedBuffer(bytes, in.position(), length);
                    Document record = BsonDecoder.decodeBson(payload);
                    entries.add(new Entry(
                            sequence, (String) record.get("d"), (String) record.get("c"), (Document) record.get("q")));
                }
                in.position(in.position() + length);
            }
            if (in.hasRemaining()) {
                return entries; // a header cut short
            }
        }
        return entries;
    }

    /** The journal files in {@code dir}, oldest first. */
    static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(path -> {
                        String name = path.getFileName().toString();
                        return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the journal in " + dir, e);
        }
    }

    /** Deletes every journal file in {@code dir} but {@code keep}. */
    static void deleteAllBut(Path dir, Path keep) {
        for (Path file : files(dir)) {
            if (!file.equals(keep)) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot delete the journal file " + file, e);
                }
            }
        }
    }

    /** Buffers one write command; returns its sequence. Under the backend's write lock. */
    long append(String database, String command, Document query) {
        Document record = new Document();
        record.put("d", database);
        record.put("c", command);
        record.put("q", query);
        ByteBuf payload = Unpooled.buffer(256);
        BsonEncoder.encodeDocument(record, payload);
        byte[] bytes = new byte[payload.readableBytes()];
        payload.readBytes(bytes);
        synchronized (lock) {
            long sequence = lastAppended + 1;
            ByteBuffer sequenceBytes = ByteBuffer.allocate(8).putLong(0, sequence);
            CRC32C crc = new CRC32C();
            crc.update(sequenceBytes.array());
            crc.update(bytes);
            ensureRoom(HEADER + bytes.length);
            pending.putInt(bytes.length)
                    .putInt((int) crc.getValue())
                    .putLong(sequence)
                    .put(bytes);
            lastAppended = sequence;
            return sequence;
        }
    }

    /** The sequence of the last record appended. */
    long lastAppended() {
        synchronized (lock) {
            return lastAppended;
        }
    }

    /** Told how long each durable write waited for its force, in nanoseconds. */
    void observeForces(LongConsumer observer) {
        this.forceObserver = observer;
    }

    /**
     * Blocks until the record {@code sequence} (and everything before it) is forced to disk.
     *
     * @throws UncheckedIOException when the journal could not be written: the write must be treated as failed
     */
    void awaitForced(long sequence) {
        long started = System.nanoTime();
        try {
            forceUpTo(sequence);
        } finally {
            forceObserver.accept(System.nanoTime() - started);
        }
    }

    private void forceUpTo(long sequence) {
        ByteBuffer batch;
        long coveredUpTo;
        FileChannel target;
        synchronized (lock) {
            while (true) {
                if (failure != null) {
                    throw new UncheckedIOException("The journal cannot be written", failure);
                }
                if (forced >= sequence) {
                    return;
                }
                if (!forcing) {
                    forcing = true;
                    coveredUpTo = lastAppended;
                    batch = takePending();
                    target = channel;
                    break;
                }
                waitForRound();
            }
        }
        IOException error = null;
        try {
            write(target, batch);
            target.force(false);
        } catch (IOException e) {
            error = e;
        } finally {
            synchronized (lock) {
                forcing = false;
                if (error == null) {
                    forced = Math.max(forced, coveredUpTo);
                } else {
                    failure = error;
                }
                lock.notifyAll();
            }
        }
        if (error != null) {
            throw new UncheckedIOException("The journal cannot be written", error);
        }
    }

    /** Why the journal can no longer be written (sticky: every later durable write is refused), if it cannot. */
    java.util.Optional<IOException> failure() {
        synchronized (lock) {
            return java.util.Optional.ofNullable(failure);
        }
    }

    /**
     * Fault injection for tests: the journal's file is closed under it, as a failing device would leave it, so the
     * next forced write meets a real {@link IOException} on the real path.
     */
    void closeFileForTest() throws IOException {
        synchronized (lock) {
            channel.close();
        }
    }

    /** The bytes in the current file: {@link #rotate} starts a new file when they pass a limit. */
    long currentFileSize() {
        synchronized (lock) {
            return fileSize + pending.position();
        }
    }

    /**
     * Forces what is buffered into the current file, closes it and starts a new file for the records after
     * {@link #lastAppended()}. Under the backend's write lock. Returns the new file.
     */
    Path rotate() {
        synchronized (lock) {
            while (forcing) {
                waitForRound();
            }
            try {
                write(channel, takePending());
                channel.force(false);
                forced = lastAppended;
                channel.close();
                channel = openFile(lastAppended + 1);
                return fileFor(lastAppended + 1);
            } catch (IOException e) {
                failure = e;
                throw new UncheckedIOException("The journal cannot be rotated", e);
            }
        }
    }

    /** Deletes the journal files before {@code current}: the store's committed state includes all they hold. */
    void deleteBefore(Path current) {
        for (Path file : files(dir)) {
            if (file.compareTo(current) < 0) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot delete the journal file " + file, e);
                }
            }
        }
    }

    /** Forces what is buffered and closes the file. */
    @Override
    public void close() {
        synchronized (lock) {
            while (forcing) {
                waitForRound();
            }
            try {
                if (channel.isOpen()) {
                    write(channel, takePending());
                    channel.force(false);
                    channel.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close the journal", e);
            }
        }
    }

    private FileChannel openFile(long firstSequence) throws IOException {
        Path file = fileFor(firstSequence);
        FileChannel opened = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        fileSize = 0;
        syncDirectory();
        return opened;
    }

    private Path fileFor(long firstSequence) {
        return dir.resolve(String.format("%s%020d%s", PREFIX, firstSequence, SUFFIX));
    }

    /** Makes the new file's name durable (Linux: fsync of the folder). */
    private void syncDirectory() {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // not every platform can open a folder; the file's own sync still holds its bytes
        }
    }

    private ByteBuffer takePending() {
        ByteBuffer batch = pending.flip();
        fileSize += batch.remaining();
        pending = ByteBuffer.allocate(Math.max(64 * 1024, Math.min(batch.capacity(), 1 << 20)));
        return batch;
    }

    private void ensureRoom(int bytes) {
        if (pending.remaining() < bytes) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + bytes));
            pending.flip();
            bigger.put(pending);
            pending = bigger;
        }
    }

    private static void write(FileChannel target, ByteBuffer batch) throws IOException {
        while (batch.hasRemaining()) {
            target.write(batch);
        }
    }

    private void waitForRound() {
        try {
            lock.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the journal", e);
        }
    }
}
