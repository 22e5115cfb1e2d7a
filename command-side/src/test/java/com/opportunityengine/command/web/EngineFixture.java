package com.opportunityengine.command.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A fresh data folder per test class for the embedded store. */
final class EngineFixture {

    private EngineFixture() {}

    static Path newDataDir() {
        try {
            Path dir = Files.createTempDirectory("engine-web-it");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
