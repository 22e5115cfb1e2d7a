package com.opportunityengine.security;

import java.util.List;

/** The body of {@code POST /api/admin/users}. */
record CreateUserRequest(String userId, String displayName, List<String> roles, String teamId) {}
