package com.opportunityengine.security;

import static com.opportunityengine.security.Role.ADMIN;
import static com.opportunityengine.security.Role.ANALYST;
import static com.opportunityengine.security.Role.AUDITOR;
import static com.opportunityengine.security.Role.SALES_MANAGER;
import static com.opportunityengine.security.Role.SALES_REP;
import static com.opportunityengine.security.Role.SERVICE;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.PATCH;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * One filter chain for the command app, the query app and the standalone engine, so that every
 * deployment enforces the same rules. Stateless: every request carries its API key. Every path
 * is listed with the roles that may call it; anything not listed (a new endpoint) is ADMIN-only
 * until it is listed here. The role matrix is docs/security.md.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfig {

    private static final Role[] WRITERS = {ADMIN, SERVICE, SALES_REP, SALES_MANAGER};
    private static final Role[] VIEW_READERS = {ADMIN, SERVICE, SALES_REP, SALES_MANAGER, ANALYST, AUDITOR};
    private static final Role[] ANALYTICS_READERS = {ADMIN, ANALYST, SALES_REP, SALES_MANAGER};

    @Bean
    SecurityFilterChain engineSecurity(
            HttpSecurity http,
            ApiKeys keys,
            CurrentUser currentUser,
            ObjectProvider<OpportunityVisibility> visibility,
            @Value("${engine.metrics.scrape-token:}") String scrapeToken)
            throws Exception {
        SecurityProblems problems = new SecurityProblems();
        AuthorizationManager<RequestAuthorizationContext> seesOpportunity =
                new SeesOpportunity(anyOf(VIEW_READERS), currentUser, visibility);
        AuthorizationManager<RequestAuthorizationContext> seesOpportunityAnalytics =
                new SeesOpportunity(anyOf(ANALYTICS_READERS), currentUser, visibility);
        http.csrf(csrf -> csrf.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(
                        handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(
                        new BearerKeyFilter(keys, problems, new ScrapeToken(scrapeToken)), AuthorizationFilter.class)
                .authorizeHttpRequests(rules -> rules
                        // the error page and the second dispatch of a streamed answer were authorised on the way in
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC)
                        .permitAll()
                        .requestMatchers(GET, "/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers(
                                GET,
                                "/v3/api-docs",
                                "/v3/api-docs/**",
                                "/v3/api-docs.yaml",
                                "/swagger-ui.html",
                                "/swagger-ui/**")
                        .permitAll()
                        // the dashboard's static page and chart library: no data, the page asks for a key
                        .requestMatchers(GET, "/dashboard", "/dashboard/", "/dashboard/**", "/webjars/echarts/**")
                        .permitAll()
                        .requestMatchers(GET, ScrapeToken.PATH)
                        .hasAnyAuthority("ROLE_" + ADMIN.name(), ScrapeToken.AUTHORITY)
                        .requestMatchers("/actuator/**")
                        .hasRole(ADMIN.name())
                        .requestMatchers("/api/admin/**")
                        .hasRole(ADMIN.name())
                        // audit
                        .requestMatchers(GET, "/api/audit/**")
                        .hasAnyRole(names(ADMIN, AUDITOR))
                        // pipelines and imports
                        .requestMatchers(GET, "/api/pipelines", "/api/pipelines/*")
                        .hasAnyRole(names(VIEW_READERS))
                        .requestMatchers(POST, "/api/pipelines")
                        .hasRole(ADMIN.name())
                        .requestMatchers("/api/imports", "/api/imports/**")
                        .hasRole(ADMIN.name())
                        // commands (the aggregates check owner and team on top)
                        .requestMatchers(POST, "/api/customers")
                        .hasAnyRole(names(WRITERS))
                        .requestMatchers(PATCH, "/api/customers/*")
                        .hasAnyRole(names(WRITERS))
                        .requestMatchers(
                                POST,
                                "/api/opportunities",
                                "/api/opportunities/*/contacts",
                                "/api/opportunities/*/tasks",
                                "/api/opportunities/*/tasks/*/complete",
                                "/api/opportunities/*/stage",
                                "/api/opportunities/*/team",
                                "/api/opportunities/*/documents",
                                "/api/opportunities/*/lose",
                                "/api/opportunities/*/reopen",
                                "/api/opportunities/*/convert")
                        .hasAnyRole(names(WRITERS))
                        .requestMatchers(PATCH, "/api/opportunities/*")
                        .hasAnyRole(names(WRITERS))
                        .requestMatchers(DELETE, "/api/opportunities/*/team/*")
                        .hasAnyRole(names(WRITERS))
                        .requestMatchers(PUT, "/api/opportunities/*/owner")
                        .hasAnyRole(names(ADMIN, SERVICE, SALES_MANAGER))
                        .requestMatchers(POST, "/api/deals/*/close")
                        .hasAnyRole(names(WRITERS))
                        // assignment: a rep sets their own absences, a manager their team's (the controller checks)
                        .requestMatchers(PUT, "/api/users/*/availability")
                        .hasAnyRole(names(ADMIN, SALES_MANAGER, SALES_REP))
                        // a team's workload: any team for admins and analysts, their own for a manager (the service
                        // checks)
                        .requestMatchers(GET, "/api/assignment/workload")
                        .hasAnyRole(names(ADMIN, ANALYST, SALES_MANAGER))
                        // email (docs/email.md): templates and sequences by managers; enrolment and sending like any
                        // command on the opportunity; the unsubscribe link is the recipient's, without a key; the mail
                        // gateway posts inbound mail
                        .requestMatchers("/api/email-templates", "/api/email-templates/*")
                        .hasAnyRole(names(ADMIN, SALES_MANAGER))
                        .requestMatchers("/api/email-sequences", "/api/email-sequences/*")
                        .hasAnyRole(names(ADMIN, SALES_MANAGER))
                        .requestMatchers(POST, "/api/opportunities/*/sequence")
                        .hasAnyRole(names(WRITERS))
                        .requestMatchers(DELETE, "/api/opportunities/*/sequence")
                        .hasAnyRole(names(WRITERS))
                        .requestMatchers(POST, "/api/opportunities/*/emails")
                        .hasAnyRole(names(WRITERS))
                        .requestMatchers(GET, "/api/opportunities/*/emails")
                        .hasAnyRole(names(WRITERS))
                        .requestMatchers(GET, "/api/email/unsubscribe")
                        .permitAll()
                        .requestMatchers(POST, "/api/email/unsubscribe")
                        .permitAll()
                        .requestMatchers(POST, "/api/email/inbound")
                        .hasAnyRole(names(ADMIN, SERVICE))
                        // views (filtered by owner and team for reps and managers)
                        .requestMatchers(GET, "/api/opportunities", "/api/tasks")
                        .hasAnyRole(names(VIEW_READERS))
                        .requestMatchers(GET, "/api/opportunities/*", "/api/opportunities/*/timeline")
                        .access(seesOpportunity)
                        // analytics
                        .requestMatchers(GET, "/api/opportunities/*/win-probability")
                        .access(seesOpportunityAnalytics)
                        .requestMatchers(
                                GET, "/api/pipeline", "/api/funnel", "/api/funnel/flow", "/api/customers/*/behavior")
                        .hasAnyRole(names(ANALYTICS_READERS))
                        .requestMatchers(GET, "/api/win-probability/**")
                        .hasAnyRole(names(ADMIN, ANALYST))
                        // anything else, in particular every endpoint not listed yet
                        .anyRequest()
                        .hasRole(ADMIN.name()));
        return http.build();
    }

    /**
     * No Micrometer observations of Spring Security's own (the chain before and after the request, the
     * secured request, each authorisation decision, an event per filter): some thirty meter look-ups and
     * updates per request, 5 to 9% of a command request's CPU. Every request is still timed as
     * {@code http.server.requests}, with its status, 401 and 403 included. docs/security.md, "Metrics".
     */
    /**
     * The firewall's refusals (a {@code ;}, {@code //}, {@code %2e}, {@code %25}, an encoded slash or NUL, a header
     * or parameter with characters it refuses) answer 400 problem+json, not the container's error page.
     */
    @Bean
    RequestRejectedHandler requestRejectedAsProblem() {
        return new SecurityProblems();
    }

    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * The rules' paths are matched as path patterns on the request path, not through Spring MVC's
     * handler mappings (which the default matchers ask on every request, once more than the dispatch
     * itself). A path no rule lists still falls to {@code anyRequest()}: ADMIN only.
     */
    @Bean
    static PathPatternRequestMatcherBuilderFactoryBean pathPatternRequestMatchers() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    /**
     * There are API keys and nothing else: no passwords, so Spring Boot makes no default user
     * with a generated password either (its auto-configuration backs off for this bean).
     */
    @Bean
    AuthenticationManager noPasswords() {
        return authentication -> {
            throw new ProviderNotFoundException("the engine authenticates API keys only");
        };
    }

    private static String[] names(Role... roles) {
        return Arrays.stream(roles).map(Role::name).toArray(String[]::new);
    }

    private static AuthorizationManager<RequestAuthorizationContext> anyOf(Role... roles) {
        return AuthorityAuthorizationManager.hasAnyRole(names(roles));
    }

    /**
     * The roles first; then, for a rep or manager, the opportunity in the path must be visible to
     * them. An opportunity they do not see answers 404, as one that does not exist; one the views
     * do not know yet is left to the endpoint (which answers 404 or waits for {@code minVersion}
     * and checks again).
     */
    private record SeesOpportunity(
            AuthorizationManager<RequestAuthorizationContext> roles,
            CurrentUser currentUser,
            ObjectProvider<OpportunityVisibility> visibility)
            implements AuthorizationManager<RequestAuthorizationContext> {

        @Override
        public AuthorizationDecision check(
                Supplier<Authentication> authentication, RequestAuthorizationContext context) {
            AuthorizationDecision byRole = roles.check(authentication, context);
            if (byRole == null || !byRole.isGranted()) {
                return byRole;
            }
            AccessScope scope = currentUser.scope();
            if (scope.unrestricted()) {
                return byRole;
            }
            String path = context.getRequest()
                    .getRequestURI()
                    .substring(context.getRequest().getContextPath().length());
            String[] parts = path.split("/");
            // "", "api", "opportunities", "{id}", ...
            OpportunityVisibility views = visibility.getIfAvailable();
            Optional<Boolean> visible =
                    parts.length > 3 && views != null ? views.visible(parts[3], scope) : Optional.empty();
            if (visible.isPresent() && !visible.get() && !waitsAndFiltersItself(context.getRequest(), parts)) {
                context.getRequest().setAttribute(SecurityProblems.HIDDEN, parts[3]);
                return new AuthorizationDecision(false);
            }
            return byRole;
        }

        /**
         * The view and the timeline asked for with {@code minVersion}: they wait for an opportunity they do not see
         * exactly as for an unknown id, and answer the same (a 404 at once here would tell the two apart).
         */
        private static boolean waitsAndFiltersItself(HttpServletRequest request, String[] parts) {
            boolean viewOrTimeline = parts.length == 4 || (parts.length == 5 && "timeline".equals(parts[4]));
            return viewOrTimeline && request.getParameter("minVersion") != null;
        }
    }
}
