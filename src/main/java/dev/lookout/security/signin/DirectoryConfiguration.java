package dev.lookout.security.signin;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ShutdownOrder;
import dev.lookout.redis.SharedRedis;
import dev.lookout.resilience.Breakers;
import dev.lookout.security.BearerTokens;
import dev.lookout.security.Role;
import dev.lookout.system.AppMode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.ldap.DefaultSpringSecurityContextSource;
import org.springframework.security.ldap.authentication.BindAuthenticator;
import org.springframework.security.ldap.authentication.LdapAuthenticationProvider;
import org.springframework.security.ldap.search.FilterBasedLdapUserSearch;
import org.springframework.security.ldap.userdetails.NestedLdapAuthoritiesPopulator;
import org.springframework.util.StringUtils;

/**
 * Sign-in against the LDAP directory with Spring Security's LDAP support: the user is found by
 * a search, then proven by binding as them with the password given; their roles come from
 * their groups, nested ones included. Nothing connects at startup: a directory that is down
 * fails sign-ins, not the start.
 */
@Configuration(proxyBeanMethods = false)
class DirectoryConfiguration {

	private static final Log logger = LogFactory.getLog(DirectoryConfiguration.class);

	/** Stopped by the shutdown registry in its turn, not by the context. */
	@Bean(destroyMethod = "")
	@Conditional(DevelopmentDirectory.Wanted.class)
	DevelopmentDirectory developmentDirectory(ManagedResources resources) {
		DevelopmentDirectory directory = DevelopmentDirectory.start();
		resources.register("development-directory", ShutdownOrder.DIRECTORY, directory::stop);
		logger.info("Development: no LDAP_URL is set, so an embedded directory runs at " + directory.url()
				+ "; the demo users, each with the password \"" + DevelopmentDirectory.PASSWORD + "\": "
				+ directory.users().stream().map(Object::toString).collect(Collectors.joining(", ")));
		return directory;
	}

	@Bean
	RoleHierarchy roleHierarchy() {
		return Role.hierarchy();
	}

	/** Shared by every instance through Redis when {@code REDIS_URL} is set, else this instance's own. */
	@Bean
	SignInThrottle loginThrottle(Clock clock, ObjectProvider<SharedRedis> redis, Breakers breakers) {
		SharedRedis shared = redis.getIfAvailable();
		return (shared != null) ? new SharedLoginThrottle(shared, breakers.breaker(Breakers.REDIS), clock)
				: new LoginThrottle(clock);
	}

	/** API tokens, checked by the tokens module and throttled here like sign-ins; the application chain uses it. */
	@Bean
	BearerSignIn bearerSignIn(SignInThrottle throttle, ObjectProvider<BearerTokens> tokens) {
		return new BearerSignIn(throttle, tokens);
	}

	/** Where sign-ins bind: {@code LDAP_URL}, else the development directory; none in test mode without either. */
	@Bean
	DirectoryTarget directoryTarget(DirectorySettings settings, Environment environment,
			ObjectProvider<DevelopmentDirectory> developmentDirectory) {
		if (StringUtils.hasText(settings.url())) {
			boolean clear = settings.url().toLowerCase(Locale.ROOT).contains("ldap://");
			if (clear && AppMode.of(environment) == AppMode.PRODUCTION) {
				logger.warn("LDAP_URL uses ldap://: unless the network between Lookout and the directory is trusted,"
						+ " passwords cross it in clear; prefer ldaps://");
			}
			return new DirectoryTarget(settings.url().strip(), settings.bindDn(), settings.bindPassword());
		}
		DevelopmentDirectory development = developmentDirectory.getIfAvailable();
		if (development != null) {
			return new DirectoryTarget(development.url(), null, null);
		}
		// Only test mode gets here: the guard refuses production without a directory.
		logger.warn("No LDAP_URL is set: nobody can sign in");
		return DirectoryTarget.NONE;
	}

	/** The one way to sign in; the application's security chain hands it to the form login. */
	@Bean
	AuthenticationManager loginAuthentication(DirectorySettings settings, DirectoryTarget target,
			SignInThrottle throttle, Breakers breakers) {
		AuthenticationProvider directory = target.configured()
				? directoryProvider(settings, contextSource(settings, target)) : new NoDirectory();
		return new ProviderManager(new DirectorySignIn(throttle, directory, breakers));
	}

	/** For health: whether the directory answers a bind, on a connection of its own. */
	@Bean
	DirectoryCheck directoryCheck(DirectorySettings settings, DirectoryTarget target) {
		return target.configured() ? new DirectoryCheck(contextSource(settings, target), target.url())
				: DirectoryCheck.none();
	}

	static DefaultSpringSecurityContextSource contextSource(DirectorySettings settings, DirectoryTarget target) {
		DefaultSpringSecurityContextSource contextSource = new DefaultSpringSecurityContextSource(target.url());
		if (StringUtils.hasText(target.bindDn())) {
			contextSource.setUserDn(target.bindDn());
			contextSource.setPassword(target.bindPassword());
		}
		// Sign-ins are rare: fresh connections cannot have gone stale during an outage, and the
		// JDK's pool would keep idle connections (and their reader threads) after shutdown.
		contextSource.setPooled(false);
		contextSource.setBaseEnvironmentProperties(Map.of("com.sun.jndi.ldap.connect.timeout",
				millis(settings.connectTimeout()), "com.sun.jndi.ldap.read.timeout", millis(settings.readTimeout())));
		contextSource.afterPropertiesSet();
		return contextSource;
	}

	static LdapAuthenticationProvider directoryProvider(DirectorySettings settings,
			DefaultSpringSecurityContextSource contextSource) {
		FilterBasedLdapUserSearch userSearch = new FilterBasedLdapUserSearch(settings.userSearchBase(),
				settings.userFilter(), contextSource);
		BindAuthenticator authenticator = new BindAuthenticator(contextSource);
		authenticator.setUserSearch(userSearch);

		NestedLdapAuthoritiesPopulator groups = new NestedLdapAuthoritiesPopulator(contextSource,
				settings.groupSearchBase());
		groups.setGroupSearchFilter(settings.groupFilter());
		groups.setSearchSubtree(true);
		// Plain group names, for the role map to look up.
		groups.setRolePrefix("");
		groups.setConvertToUpperCase(false);
		LdapAuthenticationProvider provider = new LdapAuthenticationProvider(authenticator,
				new DirectoryRoles(groups, RoleMap.parse(settings.roleMap())));
		// DirectorySignIn hides it from the client itself, so that the audit log can tell it from a wrong password.
		provider.setHideUserNotFoundExceptions(false);
		return provider;
	}

	private static String millis(Duration duration) {
		return Long.toString(duration.toMillis());
	}

	/** Test mode without {@code LDAP_URL}: every sign-in is told that there is no directory. */
	private static final class NoDirectory implements AuthenticationProvider {

		@Override
		public Authentication authenticate(Authentication authentication) {
			throw new DirectoryUnavailable("No directory is configured (LDAP_URL)");
		}

		@Override
		public boolean supports(Class<?> authentication) {
			return true;
		}

	}

}
