package com.opportunityengine.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Secrets the engine writes to its data folder (the admin key, the chain key): readable by their owner only. */
public final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {}

    /**
     * Writes {@code text} and a newline to {@code file}, created with mode 0600 on POSIX file systems from the start
     * (no window in which others may read it); an existing file is replaced.
     */
    public static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            boolean posix =
                    FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            try (SeekableByteChannel channel = posix
                    ? Files.newByteChannel(
                            file,
                            options,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.newByteChannel(file, options)) {
                channel.write(ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.US_ASCII)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
