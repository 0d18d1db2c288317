package dev.lookout.datasource;

import java.net.InetAddress;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * DATASOURCE_ALLOWED_HOSTS: names, wildcards, addresses and blocks are read, anything else is
 * named back; a name entry allows the name as written, any other host is judged by every
 * address it resolves to.
 */
class AllowedHostsTest {

	@ParameterizedTest
	@ValueSource(strings = { "db.example.com", "*.example.com", "10.0.0.0/8", "192.168.1.7", "fd00::/8", "::1",
			"DB.Example.COM", "localhost", "0.0.0.0/0", "::/0", "10.0.0.0/8, *.corp.example ,, db1",
			"2001:db8::/32,192.168.1.7/32" })
	void theseEntriesAreRead(String value) {
		assertThat(AllowedHosts.parse(value).allowsAny()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "10.0.0.0/33", "999.1.1.1", "http://x", "*.", "a b", "10.1", "10.0.0.0/", "10.0.0.0/x",
			"fd00::/129", "*.*.example.com", "db_1.example.com", "-db.example.com", "::g", "1.2.3.4.5" })
	void anEntryThatIsNeitherIsNamedBack(String entry) {
		assertThatIllegalArgumentException().isThrownBy(() -> AllowedHosts.parse("db.example.com, " + entry))
			.withMessageStartingWith("'" + entry.toLowerCase() + "' is neither a host name");
	}

	@Test
	void anEmptyListAllowsAnyHost() {
		for (String value : new String[] { "", "  ", ",", " , ", null }) {
			AllowedHosts any = AllowedHosts.parse(value);
			assertThat(any.allowsAny()).isTrue();
			assertThat(any.refusal("169.254.169.254")).isEmpty();
			assertThat(any.refusal("no-such-host.invalid")).isEmpty();
		}
	}

	@Test
	void localhostIsJudgedByWhatItResolvesTo() throws Exception {
		// Some machines also resolve localhost to ::1.
		AllowedHosts loopback = AllowedHosts.parse("127.0.0.0/8,::1/128");
		assertThat(loopback.refusal("localhost")).isEmpty();
		assertThat(loopback.refusal("LOCALHOST")).isEmpty();
		assertThat(loopback.refusal("127.0.0.1")).isEmpty();
		assertThat(loopback.refusal("127.255.0.9")).isEmpty();
		assertThat(loopback.refusal("10.0.0.1")).isPresent();
		// Only the IPv4 block: a machine that resolves localhost to ::1 too must be refused.
		boolean alsoV6 = java.util.Arrays.stream(InetAddress.getAllByName("localhost"))
			.anyMatch((address) -> address.getAddress().length == 16);
		assertThat(AllowedHosts.parse("127.0.0.0/8").refusal("localhost").isPresent()).isEqualTo(alsoV6);
	}

	@Test
	void anOddSpellingOfAnAddressIsJudgedAsTheJdkAndTheDriversReadIt() {
		AllowedHosts loopback = AllowedHosts.parse("127.0.0.0/8");
		assertThat(loopback.refusal("127.1")).isEmpty();
		assertThat(loopback.refusal("127.0.0.1")).isEmpty();
		AllowedHosts internal = AllowedHosts.parse("10.0.0.0/8");
		assertThat(internal.refusal("127.1")).hasValueSatisfying((message) -> assertThat(message)
			.contains("(it resolves to 127.0.0.1)"));
	}

	@Test
	void aRefusalSaysWhatTheHostResolvesTo() {
		assertThat(AllowedHosts.parse("10.0.0.0/8").refusal("localhost"))
			.hasValueSatisfying((message) -> assertThat(message).startsWith("host 'localhost' (it resolves to ")
				.contains("127.0.0.1")
				.contains("is outside DATASOURCE_ALLOWED_HOSTS (10.0.0.0/8)"));
		assertThat(AllowedHosts.parse("10.0.0.0/8").refusal("192.168.1.7")).hasValue("host '192.168.1.7' is outside"
				+ " DATASOURCE_ALLOWED_HOSTS (10.0.0.0/8): ask the operator to add it, or point the source at an"
				+ " allowed host");
	}

	@Test
	void aNameEntryAllowsTheNameInAnyCaseWithoutResolvingIt() {
		AllowedHosts names = AllowedHosts.parse("db.internal");
		// db.internal resolves nowhere: allowed as named, so no lookup was needed.
		assertThat(names.refusal("db.internal")).isEmpty();
		assertThat(names.refusal("DB.INTERNAL")).isEmpty();
		assertThat(names.refusal("db.internal.evil.example")).isPresent();
		assertThat(names.refusal("xdb.internal")).isPresent();
	}

	@Test
	void aWildcardAllowsSubdomainsOnly() {
		AllowedHosts corp = AllowedHosts.parse("*.corp.example");
		assertThat(corp.refusal("a.corp.example")).isEmpty();
		assertThat(corp.refusal("a.b.corp.example")).isEmpty();
		assertThat(corp.refusal("A.B.CORP.EXAMPLE")).isEmpty();
		assertThat(corp.refusal("corp.example")).isPresent();
		assertThat(corp.refusal("evilcorp.example")).isPresent();
		assertThat(corp.refusal("a.corp.example.evil.example")).isPresent();
	}

	@Test
	void anUnresolvableNameIsRefused() {
		assertThat(AllowedHosts.parse("10.0.0.0/8").refusal("no-such-host.invalid")).hasValue("host"
				+ " 'no-such-host.invalid' cannot be resolved, so it cannot be checked against DATASOURCE_ALLOWED_HOSTS");
	}

	@Test
	void ipv6WithOrWithoutBracketsIsHandled() {
		AllowedHosts loopback = AllowedHosts.parse("::1");
		assertThat(loopback.refusal("[::1]")).isEmpty();
		assertThat(loopback.refusal("::1")).isEmpty();
		assertThat(loopback.refusal("[0:0:0:0:0:0:0:1]")).isEmpty();
		assertThat(loopback.refusal("[::2]")).isPresent();
		AllowedHosts ula = AllowedHosts.parse("fd00::/8");
		assertThat(ula.refusal("[fd12:3456::1]")).isEmpty();
		assertThat(ula.refusal("[fe80::1]")).isPresent();
		// An IPv6 block never holds an IPv4 address, nor the reverse.
		assertThat(AllowedHosts.parse("::/0").refusal("10.1.2.3")).isPresent();
		assertThat(AllowedHosts.parse("0.0.0.0/0").refusal("[::1]")).isPresent();
	}

	@Test
	void anIpv4MappedIpv6AddressIsJudgedAsItsIpv4Address() {
		AllowedHosts internal = AllowedHosts.parse("10.0.0.0/8");
		assertThat(internal.refusal("::ffff:10.1.2.3")).isEmpty();
		assertThat(internal.refusal("[::ffff:10.1.2.3]")).isEmpty();
		assertThat(internal.refusal("[::ffff:a01:203]")).isEmpty();
		assertThat(internal.refusal("[::ffff:127.0.0.1]")).hasValueSatisfying((message) -> assertThat(message)
			.contains("127.0.0.1"));
	}

	@Test
	void blocksMatchOnTheirPrefixBitsOnly() {
		AllowedHosts block = AllowedHosts.parse("192.168.1.128/25");
		assertThat(block.refusal("192.168.1.128")).isEmpty();
		assertThat(block.refusal("192.168.1.255")).isEmpty();
		assertThat(block.refusal("192.168.1.127")).isPresent();
		AllowedHosts single = AllowedHosts.parse("192.168.1.7");
		assertThat(single.refusal("192.168.1.7")).isEmpty();
		assertThat(single.refusal("192.168.1.6")).isPresent();
		Optional<String> outside = AllowedHosts.parse("10.0.0.0/8, 192.168.1.7").refusal("11.0.0.1");
		assertThat(outside).hasValueSatisfying((message) -> assertThat(message)
			.contains("(10.0.0.0/8, 192.168.1.7)"));
	}

	@Test
	void thePolicyChecksEveryHostOfAUrl() {
		JdbcUrlPolicy policy = new JdbcUrlPolicy(AllowedHosts.parse("10.0.0.0/8"), java.util.List.of());
		assertThat(policy.problem("jdbc:postgresql://10.0.0.5:5432/app")).isEmpty();
		assertThat(policy.problem("jdbc:postgresql://10.0.0.5:5432,127.0.0.1:5432/app"))
			.hasValueSatisfying((message) -> assertThat(message).startsWith("jdbcUrl host '127.0.0.1' is outside"));
		assertThat(policy.problem("jdbc:mariadb://10.0.0.5,localhost/app"))
			.hasValueSatisfying((message) -> assertThat(message).startsWith("jdbcUrl host 'localhost'"));
		assertThat(policy.problem("jdbc:postgresql://[::ffff:10.1.2.3]:5432/app")).isEmpty();
		assertThat(policy.problem("jdbc:mysql://[::1]:3306/app")).isPresent();
	}

}
