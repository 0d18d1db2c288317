package dev.lookout.web;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Which address a request comes from: the peer's, unless the peer is a trusted proxy
 * ({@code TRUSTED_PROXIES}); then {@code X-Forwarded-For} is read from the right, past every
 * trusted hop, and the first address that is not trusted is the client. Reading from the right
 * is what makes it safe: each trusted proxy appends the peer it saw, so only entries left of the
 * client's own can be made up by the client, and those are never reached. With no trusted
 * proxies (the default) the header is ignored: anybody could send it.
 */
public final class ClientAddresses {

	public static final String FORWARDED_FOR = "X-Forwarded-For";

	private final List<AddressBlock> trusted;

	public ClientAddresses(List<AddressBlock> trusted) {
		this.trusted = (trusted != null) ? List.copyOf(trusted) : List.of();
	}

	/** The client's address, in canonical form (so that one address is always spelled one way). */
	public String of(HttpServletRequest request) {
		return of(request.getRemoteAddr(), Collections.list(request.getHeaders(FORWARDED_FOR)));
	}

	/**
	 * @param peer the address of the direct peer
	 * @param forwardedFor every {@code X-Forwarded-For} header, in order; each a comma-separated list
	 */
	String of(String peer, List<String> forwardedFor) {
		Optional<InetAddress> peerAddress = AddressBlock.parse(peer);
		if (peerAddress.isEmpty()) {
			return peer;
		}
		InetAddress client = peerAddress.get();
		if (!isTrusted(client) || forwardedFor.isEmpty()) {
			return client.getHostAddress();
		}
		List<String> hops = new ArrayList<>();
		for (String header : forwardedFor) {
			for (String hop : header.split(",")) {
				if (!hop.isBlank()) {
					hops.add(hop.strip());
				}
			}
		}
		for (int i = hops.size() - 1; i >= 0 && isTrusted(client); i--) {
			Optional<InetAddress> hop = AddressBlock.parse(hops.get(i));
			if (hop.isEmpty()) {
				// A trusted proxy passed on something that is no address: the last trusted hop is
				// all that is known; keying on the text would let a client pick its own key.
				break;
			}
			client = hop.get();
		}
		return client.getHostAddress();
	}

	public boolean trustsAny() {
		return !this.trusted.isEmpty();
	}

	private boolean isTrusted(InetAddress address) {
		return this.trusted.stream().anyMatch((block) -> block.contains(address));
	}

}
