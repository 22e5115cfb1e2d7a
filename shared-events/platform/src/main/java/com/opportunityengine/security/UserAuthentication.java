package com.opportunityengine.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated user: the principal is the {@link User}, the authorities its roles. */
public final class UserAuthentication extends AbstractAuthenticationToken {

    private final User user;

    public UserAuthentication(User user) {
        super(user.roles().stream()
                .map(role -> new SimpleGrantedAuthority(role.authority()))
                .toList());
        this.user = user;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public User getPrincipal() {
        return user;
    }

    @Override
    public String getName() {
        return user.userId();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserAuthentication that && that.user.equals(user);
    }

    @Override
    public int hashCode() {
        return user.hashCode();
    }
}
