package com.opportunityengine.security;

import com.opportunityengine.store.OwnerOnlyFiles;
import com.opportunityengine.store.StoreProperties;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * On the first start with no users at all (property {@code engine.security.bootstrap-admin},
 * default true): makes the user {@code admin} with role ADMIN and one API key, writes the key to
 * {@code <engine.data-dir>/admin.key} (created with mode 0600 on POSIX file systems) and prints it
 * once to standard output, outside the logging framework so no log file holds it. Runs before the
 * web server takes requests. There are no default passwords; a store that has users is left alone.
 */
@Component
class AdminBootstrap implements SmartInitializingSingleton {

    static final String USER_ID = "admin";
    static final String KEY_FILE = "admin.key";
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final UserDirectory users;
    private final ApiKeys keys;
    private final StoreProperties store;
    private final boolean enabled;
    private final Clock clock;
    private final PrintStream out = System.out;

    AdminBootstrap(
            UserDirectory users,
            ApiKeys keys,
            StoreProperties store,
            @Value("${engine.security.bootstrap-admin:true}") boolean enabled,
            Clock clock) {
        this.users = users;
        this.keys = keys;
        this.store = store;
        this.enabled = enabled;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!enabled || !users.isEmpty()) {
            return;
        }
        User admin = new User(USER_ID, "Administrator", EnumSet.of(Role.ADMIN), null, clock.instant());
        if (!users.create(admin)) {
            return; // another process bootstrapped the same store first
        }
        IssuedKey key = keys.issue(USER_ID);
        Path file = store.dataDir().resolve(KEY_FILE);
        writeOwnerOnly(file, key.key());
        log.info("Made the first user '{}' (ADMIN) with API key {}; the key is in {}", USER_ID, key.keyId(), file);
        out.println();
        out.println("==================================================================");
        out.println(" First start: the ADMIN API key (shown once, also in " + file + "):");
        out.println();
        out.println("   " + key.key());
        out.println();
        out.println(" Use it as 'Authorization: Bearer <key>'; create users and their keys");
        out.println(" with POST /api/admin/users and POST /api/admin/users/{userId}/api-keys.");
        out.println("==================================================================");
        out.println();
        out.flush();
    }

    /** Creates the file with owner-only permissions from the start (no window in which others may read it). */
    static void writeOwnerOnly(Path file, String text) {
        OwnerOnlyFiles.write(file, text);
    }
}
