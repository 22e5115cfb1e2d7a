package com.opportunityengine.store.embedded;

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
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The password of the embedded store's one user, {@value #USER}: 32 random bytes, base64url, made at the store's first
 * start and kept in the data folder as {@value #FILE} (created with mode 0600, beside {@code admin.key}), read back on
 * every later start. Whoever can read that file may open the store's port; nobody else can. The password is never
 * logged.
 */
public final class StoreKey {

    /** The file in the data folder that holds the password. */
    public static final String FILE = "store.key";

    /** The store's one user (in the {@code admin} database, as MongoDB keeps its users). */
    public static final String USER = "engine";

    private static final int RANDOM_BYTES = 32;

    private StoreKey() {}

    /** The password in {@code dataDir/store.key}, made there first (owner-only) when the file does not exist. */
    static String loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            return read(dataDir);
        }
        byte[] random = new byte[RANDOM_BYTES];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        writeOwnerOnly(file, password);
        return password;
    }

    /**
     * The password a store on {@code dataDir} uses (another process's store: its {@code store} verb or its standalone
     * engine).
     */
    public static String read(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            String password = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (password.isEmpty()) {
                throw new IllegalStateException(file + " is empty: delete it to have the store make a new password");
            }
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the store's password from " + file, e);
        }
    }

    /** Creates the file with owner-only permissions from the start (no window in which others may read it). */
    private static void writeOwnerOnly(Path file, String text) {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try (SeekableByteChannel channel = posix
                ? Files.newByteChannel(
                        file,
                        options,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.newByteChannel(file, options)) {
            channel.write(ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the store's password to " + file, e);
        }
    }
}
