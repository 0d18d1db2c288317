package dev.lookout.web;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whose address a request has: the peer's, or behind trusted proxies the first untrusted hop from the right. */
class ClientAddressesTest {

	private final ClientAddresses behindProxies = new ClientAddresses(
			List.of(AddressBlock.of("10.0.0.0/8"), AddressBlock.of("127.0.0.1"), AddressBlock.of("fd00::/8")));

	@Test
	void withoutTrustedProxiesTheHeaderIsIgnored() {
		ClientAddresses none = new ClientAddresses(List.of());
		assertThat(none.of("10.0.0.5", List.of("203.0.113.7"))).isEqualTo("10.0.0.5");
	}

	@Test
	void anUntrustedPeersHeaderIsIgnored() {
		assertThat(this.behindProxies.of("192.0.2.1", List.of("203.0.113.7"))).isEqualTo("192.0.2.1");
	}

	@Test
	void theHeaderIsReadFromTheRightPastTrustedHops() {
		assertThat(this.behindProxies.of("127.0.0.1", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
		assertThat(this.behindProxies.of("127.0.0.1", List.of("6.6.6.6, 203.0.113.7, 10.1.2.3")))
			.isEqualTo("203.0.113.7");
		assertThat(this.behindProxies.of("127.0.0.1", List.of("6.6.6.6, 203.0.113.7", "10.1.2.3")))
			.isEqualTo("203.0.113.7");
		assertThat(this.behindProxies.of("127.0.0.1", List.of())).isEqualTo("127.0.0.1");
	}

	@Test
	void whatIsNoAddressEndsTheWalkAtTheLastTrustedHop() {
		assertThat(this.behindProxies.of("127.0.0.1", List.of("203.0.113.7, unknown, 10.1.2.3"))).isEqualTo("10.1.2.3");
		assertThat(this.behindProxies.of("127.0.0.1", List.of("evil.example"))).isEqualTo("127.0.0.1");
	}

	@Test
	void addressesAreCanonical() {
		assertThat(this.behindProxies.of("127.0.0.1", List.of("2001:DB8:0:0::1"))).isEqualTo("2001:db8:0:0:0:0:0:1");
		assertThat(this.behindProxies.of("0:0:0:0:0:0:0:1", List.of("203.0.113.7"))).isEqualTo("0:0:0:0:0:0:0:1");
	}

	@Test
	void blocksHoldTheirAddressesOnly() {
		AddressBlock block = AddressBlock.of("192.168.4.0/22");
		assertThat(block.contains(AddressBlock.parse("192.168.7.255").orElseThrow())).isTrue();
		assertThat(block.contains(AddressBlock.parse("192.168.8.0").orElseThrow())).isFalse();
		assertThat(block.contains(AddressBlock.parse("::ffff:c0a8:0401").orElseThrow())).isTrue();
		assertThat(AddressBlock.of("0.0.0.0/0").contains(AddressBlock.parse("::1").orElseThrow())).isFalse();
		assertThat(AddressBlock.of("fd00::/8").toString()).isEqualTo("fd00:0:0:0:0:0:0:0/8");
	}

	@Test
	void trustedProxiesBindFromACommaSeparatedListAndRefuseWhatIsNoBlock() {
		assertThat(bind("10.0.0.0/8, 127.0.0.1")).containsExactly(AddressBlock.of("10.0.0.0/8"),
				AddressBlock.of("127.0.0.1/32"));
		assertThat(bind("")).isEmpty();
		assertThatThrownBy(() -> bind("10.0.0.0/8,nginx")).isInstanceOf(BindException.class)
			.rootCause()
			.hasMessageContaining("'nginx' is not an IP address or CIDR block");
	}

	private static List<AddressBlock> bind(String value) {
		Binder binder = new Binder(List.of(new MapConfigurationPropertySource(Map.of("trusted-proxies", value))), null,
				ApplicationConversionService.getSharedInstance());
		return binder.bind("trusted-proxies", Bindable.listOf(AddressBlock.class)).orElse(List.of());
	}

	@Test
	void badBlocksAreRefusedNamingTheValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> AddressBlock.of("proxy.example"))
			.withMessageContaining("'proxy.example' is not an IP address or CIDR block");
		assertThatIllegalArgumentException().isThrownBy(() -> AddressBlock.of("10.0.0.0/33"))
			.withMessageContaining("prefix length outside 0-32");
		assertThatIllegalArgumentException().isThrownBy(() -> AddressBlock.of("10.0.0.1/8"))
			.withMessageContaining("'10.0.0.1/8'");
	}

}
