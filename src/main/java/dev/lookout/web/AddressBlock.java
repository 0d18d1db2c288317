package dev.lookout.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A block of IP addresses in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}), or one
 * address ({@code 127.0.0.1}, {@code ::1}). Bound from {@code TRUSTED_PROXIES} through
 * {@link #of(String)}, which refuses anything else naming the value: never a host name, which
 * would mean a DNS lookup and trusting whatever it answers.
 */
public record AddressBlock(byte[] network, int prefixLength) {

	/** Only IP literals reach {@link InetAddress#getByName(String)}, so that it never asks DNS. */
	private static final Pattern IP_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

	/** Precompiled: every request's peer address is parsed (String.matches would compile it each time). */
	private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");

	public AddressBlock {
		network = network.clone();
		int bits = network.length * 8;
		for (int bit = prefixLength; bit < bits; bit++) {
			if ((network[bit / 8] & (0x80 >> (bit % 8))) != 0) {
				throw new IllegalArgumentException("bits are set past the prefix length /" + prefixLength);
			}
		}
	}

	/** Parses {@code address} or {@code address/prefix}; an address alone is a block of one. */
	public static AddressBlock of(String text) {
		String value = text.strip();
		int slash = value.indexOf('/');
		String address = (slash < 0) ? value : value.substring(0, slash);
		byte[] network = parse(address).map(InetAddress::getAddress)
			.orElseThrow(() -> new IllegalArgumentException(
					"'" + text + "' is not an IP address or CIDR block (like 10.0.0.0/8 or 2001:db8::/32)"));
		int bits = network.length * 8;
		int prefix = bits;
		if (slash >= 0) {
			try {
				prefix = Integer.parseInt(value.substring(slash + 1));
			}
			catch (NumberFormatException ex) {
				prefix = -1;
			}
			if (prefix < 0 || prefix > bits) {
				throw new IllegalArgumentException(
						"'" + text + "' has a prefix length outside 0-" + bits + " for its address");
			}
		}
		try {
			return new AddressBlock(network, prefix);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("'" + text + "': " + ex.getMessage()
					+ "; write the block's first address (like 10.1.0.0/16)");
		}
	}

	/** An IP literal as an address, without asking DNS; empty for anything else. */
	public static Optional<InetAddress> parse(String address) {
		if (address == null || !IP_LITERAL.matcher(address.strip()).matches()) {
			return Optional.empty();
		}
		// An octet above 255 would make the JDK look the "address" up as a name.
		if (DIGITS_AND_DOTS.matcher(address.strip()).matches()
				&& Arrays.stream(address.strip().split("\\.")).anyMatch((octet) -> Integer.parseInt(octet) > 255)) {
			return Optional.empty();
		}
		try {
			return Optional.of(InetAddress.getByName(address.strip()));
		}
		catch (UnknownHostException ex) {
			return Optional.empty();
		}
	}

	/** Whether the block holds {@code address}; an IPv4 address is never in an IPv6 block, nor the reverse. */
	public boolean contains(InetAddress address) {
		byte[] candidate = address.getAddress();
		if (candidate.length != this.network.length) {
			return false;
		}
		int full = this.prefixLength / 8;
		for (int i = 0; i < full; i++) {
			if (candidate[i] != this.network[i]) {
				return false;
			}
		}
		int rest = this.prefixLength % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xFF << (8 - rest)) & 0xFF;
		return (candidate[full] & mask) == (this.network[full] & mask);
	}

	@Override
	public byte[] network() {
		return this.network.clone();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof AddressBlock block && block.prefixLength == this.prefixLength
				&& Arrays.equals(block.network, this.network);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.network) + this.prefixLength;
	}

	@Override
	public String toString() {
		try {
			return InetAddress.getByAddress(this.network).getHostAddress() + "/" + this.prefixLength;
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
