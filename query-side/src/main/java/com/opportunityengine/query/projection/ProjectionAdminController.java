package com.opportunityengine.query.projection;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Projection admin: where each projection stands, replays, and parked (dead-lettered) events. */
@RestController
@RequestMapping("/api/admin/projections")
class ProjectionAdminController {

    private final ProjectionAdmin admin;

    ProjectionAdminController(ProjectionAdmin admin) {
        this.admin = admin;
    }

    @GetMapping
    ProjectionList projections() {
        return new ProjectionList(admin.all());
    }

    @PostMapping("/{name}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ProjectionStatus replay(@PathVariable("name") String name) {
        admin.replay(name);
        return admin.one(name);
    }

    @GetMapping("/{name}/dead-letters")
    DeadLetterList deadLetters(@PathVariable("name") String name) {
        return admin.deadLetters(name);
    }

    @PostMapping("/{name}/dead-letters/retry")
    RetryResult retry(@PathVariable("name") String name) {
        return admin.retry(name);
    }
}
