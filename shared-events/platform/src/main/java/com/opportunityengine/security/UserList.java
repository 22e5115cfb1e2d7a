package com.opportunityengine.security;

import java.util.List;

/** {@code GET /api/admin/users}: every user. */
record UserList(List<UserView> items) {}
