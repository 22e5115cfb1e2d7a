package com.opportunityengine.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data folder and the store file are readable by their owner only, even when they were not before. */
class StoreFilePermissionsTest {

    @TempDir
    Path root;

    @Test
    void theDataFolderAndTheStoreFileAreOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path data = Files.createDirectories(root.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createFile(data.resolve(EmbeddedMongoServer.STORE_FILE));
        Files.setPosixFilePermissions(
                data.resolve(EmbeddedMongoServer.STORE_FILE), PosixFilePermissions.fromString("rw-r--r--"));

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(data, 0, 1, 0)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.file())))
                    .isEqualTo("rw-------");
        }
    }
}
