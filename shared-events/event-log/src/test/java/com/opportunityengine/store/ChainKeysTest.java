package com.opportunityengine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainKeysTest {

    static final String KEY =
            Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path dataDir;

    StoreProperties settings(String mongoUri, boolean keyedChain, Path keyFile, String key) {
        return new StoreProperties(
                dataDir,
                new StoreProperties.Mongo(mongoUri, "db", java.time.Duration.ofSeconds(1)),
                new StoreProperties.EventLog(100, java.time.Duration.ofSeconds(60), 10_000),
                new StoreProperties.Audit(keyedChain, keyFile, key));
    }

    @Test
    void withoutSettingsTheChainIsPlainAndNoKeyFileIsMade() {
        assertThat(ChainKeys.resolve(settings(null, false, null, "")).isKeyed()).isFalse();
        assertThat(dataDir.resolve("chain.key")).doesNotExist();
    }

    @Test
    void theStandaloneEngineMakesAnOwnerOnlyKeyAtItsFirstKeyedStartAndKeepsIt() throws IOException {
        HashChain first = ChainKeys.resolve(settings(null, true, null, ""));

        Path file = dataDir.resolve("chain.key");
        assertThat(first.isKeyed()).isTrue();
        assertThat(Base64.getDecoder().decode(Files.readString(file).trim())).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(ChainKeys.resolve(settings(null, true, null, ""))).isEqualTo(first);
        assertThat(ChainKeys.resolve(settings(null, false, null, "")))
                .as("an existing key file stays in use: turning the key off would downgrade the chain")
                .isEqualTo(first);
        assertThat(first.toString()).doesNotContain(Files.readString(file).trim());
    }

    @Test
    void aClusterTakesTheKeyFromTheEnvironmentAndRefusesToMakeOne() {
        HashChain fromEnvironment = ChainKeys.resolve(settings("mongodb://db:27017", true, null, KEY));
        assertThat(fromEnvironment)
                .isEqualTo(HashChain.keyed(Base64.getDecoder().decode(KEY)));
        assertThatThrownBy(() -> ChainKeys.resolve(settings("mongodb://db:27017", true, null, "")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ENGINE_CHAIN_KEY");
        assertThat(dataDir.resolve("chain.key")).doesNotExist();
    }

    @Test
    void aNamedKeyFileIsRead() throws IOException {
        Path file = dataDir.resolve("elsewhere.key");
        Files.writeString(file, KEY + "\n");
        assertThat(ChainKeys.resolve(settings("mongodb://db:27017", false, file, null)))
                .isEqualTo(HashChain.keyed(Base64.getDecoder().decode(KEY)));
    }

    @Test
    void aShortKeyTextThatIsNotBase64OrBothSourcesStopTheStartWithoutShowingTheKey() {
        String shortKey = Base64.getEncoder().encodeToString("sixteen bytes!!!".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> ChainKeys.resolve(settings(null, true, null, shortKey)))
                .hasMessageContaining("16 bytes")
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> ChainKeys.resolve(settings(null, true, null, "not base64 ***")))
                .hasMessageContaining("not base64")
                .hasMessageNotContaining("***");
        assertThatThrownBy(() -> ChainKeys.resolve(settings(null, true, dataDir.resolve("k"), KEY)))
                .hasMessageContaining("set one");
    }
}
