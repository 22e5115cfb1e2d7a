package com.opportunityengine.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where this node's chain key comes from ({@code engine.audit.*}), in this order:
 * <ol>
 *   <li>{@code engine.audit.chain-key} (default: the environment variable {@code ENGINE_CHAIN_KEY}), the key in
 *       base64: for a cluster, whose nodes must all get the same key;</li>
 *   <li>the key file, {@code engine.audit.chain-key-file} (default {@code <engine.data-dir>/chain.key}), base64 text:
 *       used whenever it exists; when it does not and {@code engine.audit.keyed-chain=true} (or the file was named),
 *       the standalone engine on its embedded store makes it (32 bytes of {@link SecureRandom}, mode 0600, like
 *       {@code admin.key}), and a node on a MongoDB refuses to start (a key of its own would be one no other node
 *       has);</li>
 *   <li>none: the plain SHA-256 chain.</li>
 * </ol>
 * A key of fewer than {@value HashChain#MIN_KEY_BYTES} bytes, text that is not base64, or both the key and a key file
 * named, stop the start with a message that names the setting, never the key. Only the key's id is logged.
 */
public final class ChainKeys {

    static final String KEY_FILE = "chain.key";
    private static final Logger log = LoggerFactory.getLogger(ChainKeys.class);

    private ChainKeys() {}

    /** This node's hash chain as the settings say. */
    public static HashChain resolve(StoreProperties properties) {
        StoreProperties.Audit audit = properties.audit();
        boolean keyGiven = audit.chainKey() != null && !audit.chainKey().isBlank();
        if (keyGiven && audit.chainKeyFile() != null) {
            throw new IllegalStateException("Both engine.audit.chain-key (ENGINE_CHAIN_KEY) and "
                    + "engine.audit.chain-key-file are set: set one of them");
        }
        if (keyGiven) {
            HashChain chain = decode(audit.chainKey(), "engine.audit.chain-key (ENGINE_CHAIN_KEY)");
            log.info("The hash chain is keyed (hmac-sha256, chain key id {}, from ENGINE_CHAIN_KEY)", chain.keyId());
            return chain;
        }
        Path file = audit.chainKeyFile() != null
                ? audit.chainKeyFile()
                : properties.dataDir().resolve(KEY_FILE);
        if (Files.exists(file)) {
            HashChain chain = decode(read(file), "the chain key file " + file);
            log.info("The hash chain is keyed (hmac-sha256, chain key id {}, from {})", chain.keyId(), file);
            return chain;
        }
        if (!audit.keyedChain() && audit.chainKeyFile() == null) {
            return HashChain.unkeyed();
        }
        if (!properties.embedded()) {
            throw new IllegalStateException("engine.audit.keyed-chain is on but there is no chain key " + file
                    + ": on a MongoDB every node must get the same key, set ENGINE_CHAIN_KEY (base64 of 32 random "
                    + "bytes) or engine.audit.chain-key-file on each of them (docs/audit.md)");
        }
        byte[] key = new byte[HashChain.MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        OwnerOnlyFiles.write(file, Base64.getEncoder().encodeToString(key));
        HashChain chain = HashChain.keyed(key);
        log.info(
                "Made a chain key (id {}) in {}: keep a copy where the store's operators cannot write; without it "
                        + "no keyed event can be verified",
                chain.keyId(),
                file);
        return chain;
    }

    private static HashChain decode(String text, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not base64");
        }
        if (key.length < HashChain.MIN_KEY_BYTES) {
            throw new IllegalStateException(
                    source + " holds " + key.length + " bytes; a chain key has at least " + HashChain.MIN_KEY_BYTES);
        }
        return HashChain.keyed(key);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the chain key file " + file, e);
        }
    }
}
