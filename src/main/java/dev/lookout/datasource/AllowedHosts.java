package dev.lookout.datasource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.lookout.web.AddressBlock;

/**
 * Where data sources may point ({@code DATASOURCE_ALLOWED_HOSTS}): host names, {@code *.domain}
 * wildcards, addresses and CIDR blocks. A host that matches a name entry is allowed as named
 * (the operator vouches for that zone); any other host is resolved, and every address it
 * resolves to must lie in an address entry, so an odd spelling of an address or a name that
 * points into the internal network is judged by where it really leads. Empty allows any host.
 */
final class AllowedHosts {

	static final String VARIABLE = "DATASOURCE_ALLOWED_HOSTS";

	private static final Pattern HOST_NAME = Pattern
		.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

	/** What an address or a block is written with; anything else is read as a name. */
	private static final Pattern ADDRESS_LIKE = Pattern.compile("[0-9./]+|.*:.*");

	private final List<String> names;

	private final List<AddressBlock> blocks;

	private final String value;

	private AllowedHosts(List<String> names, List<AddressBlock> blocks, String value) {
		this.names = List.copyOf(names);
		this.blocks = List.copyOf(blocks);
		this.value = value;
	}

	/**
	 * Reads a comma-separated list.
	 * @throws IllegalArgumentException naming the first entry that is neither a host name nor an
	 * address or CIDR block
	 */
	static AllowedHosts parse(String value) {
		List<String> names = new ArrayList<>();
		List<AddressBlock> blocks = new ArrayList<>();
		String[] entries = (value == null) ? new String[0] : value.split(",");
		for (String raw : entries) {
			String entry = raw.strip().toLowerCase(Locale.ROOT);
			if (entry.isEmpty()) {
				continue;
			}
			Optional<AddressBlock> block = ADDRESS_LIKE.matcher(entry).matches() ? block(entry) : Optional.empty();
			if (block.isPresent()) {
				blocks.add(block.get());
			}
			else if (!ADDRESS_LIKE.matcher(entry).matches() && HOST_NAME.matcher(entry).matches()) {
				names.add(entry);
			}
			else {
				throw new IllegalArgumentException("'" + entry + "' is neither a host name (db.example.com,"
						+ " *.example.com) nor an address or CIDR block (10.0.0.5, 10.0.0.0/8, fd00::/8)");
			}
		}
		return new AllowedHosts(names, blocks, (value == null) ? "" : value.strip());
	}

	boolean allowsAny() {
		return this.names.isEmpty() && this.blocks.isEmpty();
	}

	/** Why a source must not connect to {@code host}, if it must not; resolves the name when needed. */
	Optional<String> refusal(String host) {
		if (allowsAny()) {
			return Optional.empty();
		}
		String name = stripBrackets(host).toLowerCase(Locale.ROOT);
		if (this.names.stream().anyMatch((pattern) -> matches(pattern, name))) {
			return Optional.empty();
		}
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(name);
		}
		catch (UnknownHostException ex) {
			return Optional.of("host '" + host + "' cannot be resolved, so it cannot be checked against " + VARIABLE);
		}
		List<String> outside = Arrays.stream(addresses)
			.filter((address) -> this.blocks.stream().noneMatch((block) -> block.contains(address)))
			.map(InetAddress::getHostAddress)
			.toList();
		if (outside.isEmpty()) {
			return Optional.empty();
		}
		String resolved = name.equals(outside.get(0)) ? "" : " (it resolves to " + String.join(", ", outside) + ")";
		return Optional.of("host '" + host + "'" + resolved + " is outside " + VARIABLE + " (" + this.value
				+ "): ask the operator to add it, or point the source at an allowed host");
	}

	@Override
	public String toString() {
		return this.names.stream().collect(Collectors.joining(",", "AllowedHosts[names=", ""))
				+ ", blocks=" + this.blocks.size() + "]";
	}

	private static Optional<AddressBlock> block(String entry) {
		try {
			return Optional.of(AddressBlock.of(entry));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static boolean matches(String pattern, String name) {
		return pattern.startsWith("*.") ? name.endsWith(pattern.substring(1)) : pattern.equals(name);
	}

	private static String stripBrackets(String host) {
		return (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
	}

}
