package dev.lookout.security.signin;

import java.time.Duration;

import dev.lookout.security.guard.StartupGuard;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where users sign in: the LDAP directory and how to find users and their groups in it. The
 * defaults live in application.yaml; the startup guard ({@code DirectoryRule}) checks what needs more than a
 * constraint (the URL, the bind credentials, the role map) before the application starts.
 *
 * @param url {@code LDAP_URL}, {@code ldap://host:389/dc=example,dc=com}; blank starts the
 * embedded directory in development, leaves sign-in unavailable in test, and is refused in
 * production
 * @param bindDn the DN searches bind as; blank searches anonymously
 * @param bindPassword its password, resolved by {@link StartupGuard} from
 * {@code LDAP_BIND_PASSWORD} or {@code LDAP_BIND_PASSWORD_FILE}
 * @param userSearchBase where users are searched, relative to the URL's base DN
 * @param userFilter finds the user; {@code {0}} is the name typed at sign-in
 * @param groupSearchBase where groups are searched, relative to the URL's base DN
 * @param groupFilter finds the groups a user or group is a member of; {@code {0}} is that
 * member's DN, {@code {1}} the user name
 * @param roleMap group CN to role, see {@link RoleMap}
 * @param connectTimeout longest wait to open a connection to the directory
 * @param readTimeout longest wait for any answer from the directory
 */
@Validated
@ConfigurationProperties("lookout.directory")
record DirectorySettings(String url, String bindDn, String bindPassword, @NotNull String userSearchBase,
		@NotBlank @Pattern(regexp = ".*\\{0}.*",
				message = "must contain \\{0\\}, the place of the name typed at sign-in") String userFilter,
		@NotNull String groupSearchBase,
		@NotBlank @Pattern(regexp = ".*\\{[01]}.*",
				message = "must contain \\{0\\}, the place of the member's DN") String groupFilter,
		@NotBlank String roleMap,
		@NotNull @DurationMin(millis = 100) @DurationMax(seconds = 30) Duration connectTimeout,
		@NotNull @DurationMin(millis = 100) @DurationMax(seconds = 60) Duration readTimeout) {

	@Override
	public String toString() {
		String password = (this.bindPassword == null || this.bindPassword.isBlank()) ? "(unset)" : "(set)";
		return "DirectorySettings[url=" + this.url + ", bindDn=" + this.bindDn + ", bindPassword=" + password
				+ ", userSearchBase=" + this.userSearchBase + ", userFilter=" + this.userFilter + ", groupSearchBase=" + this.groupSearchBase
				+ ", groupFilter=" + this.groupFilter + ", roleMap=" + this.roleMap + ", connectTimeout="
				+ this.connectTimeout + ", readTimeout=" + this.readTimeout + "]";
	}

}
