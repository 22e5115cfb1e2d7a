package com.opportunityengine.command.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The shapes of a command's success: 200 or 201 (+ {@code Location}), the version as {@code ETag}. */
public final class CommandResponses {

    private CommandResponses() {}

    public static <T> ResponseEntity<T> ok(long version, T body) {
        return ResponseEntity.ok().eTag(etag(version)).body(body);
    }

    public static <T> ResponseEntity<T> created(URI location, long version, T body) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(location)
                .eTag(etag(version))
                .body(body);
    }

    public static <T> ResponseEntity<T> created(URI location, T body) {
        return ResponseEntity.status(HttpStatus.CREATED).location(location).body(body);
    }

    /** An absolute URI of a resource of this engine, e.g. {@code location("/api/opportunities/{id}", id)}. */
    public static URI location(String path, Object... variables) {
        return ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(path)
                .buildAndExpand(variables)
                .toUri();
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }
}
