package dev.lookout.security.guard;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;

import dev.lookout.security.signin.DevelopmentDirectory;
import dev.lookout.security.signin.RoleMap;
import dev.lookout.system.GuardContext;
import dev.lookout.system.GuardProblem;
import dev.lookout.system.GuardRule;

/**
 * The directory users sign in against. Production without {@code LDAP_URL} is refused rather
 * than started: nobody could sign in, and the failure would only show at the first sign-in. In
 * every mode the URL must parse, a bind DN needs its password (a simple bind with a DN and no
 * password is an anonymous bind to most directories, so searches would silently run with other
 * rights), and the role map must name real roles. Production must not use the development
 * demo directory, whose users' password is published.
 */
class DirectoryRule implements GuardRule {

	static final String LDAP_URL = "LDAP_URL";

	static final String LDAP_BIND_DN = "LDAP_BIND_DN";

	static final String LDAP_BIND_PASSWORD = "LDAP_BIND_PASSWORD";

	private static final String USER_SEARCH_BASE = "lookout.directory.user-search-base";

	private static final String URL_EXAMPLE = "ldaps://ldap.example.com:636/dc=example,dc=com";

	@Override
	public List<GuardProblem> check(GuardContext context) {
		List<GuardProblem> problems = new ArrayList<>();
		Optional<String> url = context.variable(LDAP_URL);
		if (url.isPresent()) {
			checkUrl(url.get(), context, problems);
		}
		else if (context.isProduction()) {
			problems.add(new GuardProblem(LDAP_URL,
					"production signs users in against an LDAP directory, and none is set",
					"set " + LDAP_URL + " to your directory with its base DN, for example " + URL_EXAMPLE));
		}
		checkBindCredentials(context, problems);
		try {
			RoleMap.parse(context.environment().getProperty(RoleMap.PROPERTY));
		}
		catch (IllegalArgumentException ex) {
			problems.add(new GuardProblem(RoleMap.VARIABLE, "the role map is wrong: " + ex.getMessage(),
					"set " + RoleMap.VARIABLE + " to group=ROLE pairs separated by commas, for example "
							+ RoleMap.example()));
		}
		return problems;
	}

	private static void checkUrl(String value, GuardContext context, List<GuardProblem> problems) {
		// Several space-separated URLs are failover servers of one directory (Spring LDAP's convention).
		List<LdapName> bases = new ArrayList<>();
		for (String url : value.strip().split("\\s+")) {
			Optional<LdapName> base = baseOf(url);
			if (base.isEmpty()) {
				problems.add(new GuardProblem(LDAP_URL,
						"\"" + url + "\" is not an ldap:// or ldaps:// URL with a host and an optional base DN",
						"set " + LDAP_URL + " like " + URL_EXAMPLE));
				return;
			}
			bases.add(base.get());
		}
		if (bases.stream().distinct().count() > 1) {
			problems.add(new GuardProblem(LDAP_URL, "its URLs name different base DNs",
					"give every server of " + LDAP_URL + " the same base DN"));
		}
		if (context.isProduction() && isDemo(bases.get(0), context)) {
			problems.add(new GuardProblem(LDAP_URL, "it points at the development demo directory ("
					+ DevelopmentDirectory.BASE + "), whose users' password is published",
					"set " + LDAP_URL + " to your organisation's directory"));
		}
	}

	/** The base DN of an LDAP URL (empty name when it has none), or empty when it is not one. */
	private static Optional<LdapName> baseOf(String url) {
		try {
			URI uri = new URI(url);
			String scheme = uri.getScheme();
			if (!("ldap".equalsIgnoreCase(scheme) || "ldaps".equalsIgnoreCase(scheme)) || uri.getHost() == null
					|| uri.getUserInfo() != null) {
				return Optional.empty();
			}
			String path = (uri.getPath() != null) ? uri.getPath() : "";
			return Optional.of(new LdapName(path.startsWith("/") ? path.substring(1) : path));
		}
		catch (URISyntaxException | InvalidNameException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Whether the directory is the demo one: its base DN, or a DN given in full (the bind DN, a
	 * search base when the URL has no base), lies under the demo base.
	 */
	private static boolean isDemo(LdapName urlBase, GuardContext context) {
		LdapName demo = name(DevelopmentDirectory.BASE).orElseThrow();
		Optional<String> userSearchBase = Optional.ofNullable(context.environment().getProperty(USER_SEARCH_BASE));
		return Stream
			.of(Optional.of(urlBase), context.variable(LDAP_BIND_DN).flatMap(DirectoryRule::name),
					userSearchBase.flatMap(DirectoryRule::name))
			.flatMap(Optional::stream)
			.anyMatch((dn) -> !dn.isEmpty() && dn.startsWith(demo.getRdns()));
	}

	private static Optional<LdapName> name(String dn) {
		try {
			return Optional.of(new LdapName(dn));
		}
		catch (InvalidNameException ex) {
			return Optional.empty();
		}
	}

	private static void checkBindCredentials(GuardContext context, List<GuardProblem> problems) {
		boolean hasDn = context.variable(LDAP_BIND_DN).isPresent();
		SecretVariables.Read password = SecretVariables.read(context.environment(), LDAP_BIND_PASSWORD);
		if (password instanceof SecretVariables.Read.Unusable unusable) {
			problems.add(unusable.problem());
		}
		else if (hasDn && password instanceof SecretVariables.Read.Absent) {
			problems.add(new GuardProblem(LDAP_BIND_DN, "a bind DN is set without a password; most directories take"
					+ " that as an anonymous bind", "set " + LDAP_BIND_PASSWORD + " (or " + LDAP_BIND_PASSWORD
							+ "_FILE) to the password of " + LDAP_BIND_DN + ", or unset " + LDAP_BIND_DN
							+ " to search anonymously"));
		}
		else if (!hasDn && password instanceof SecretVariables.Read.Value) {
			problems.add(new GuardProblem(LDAP_BIND_PASSWORD,
					"a bind password is set without " + LDAP_BIND_DN + ", so it would never be used",
					"set " + LDAP_BIND_DN + " to the DN the password belongs to, or unset " + LDAP_BIND_PASSWORD));
		}
	}

}
