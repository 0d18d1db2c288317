package dev.lookout.security.secrets;

import java.time.Clock;
import java.util.Optional;

import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ShutdownOrder;
import dev.lookout.security.SecuritySettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/**
 * The cipher that seals secrets at rest, under {@code SECRET_KEY} ({@code SECRET_KEY_PREVIOUS}
 * opens only), and the key rotation: built with the modules that store sealed values, stopped
 * (and started again on a reload) by the shutdown registry, and first started once the
 * application is ready, so it never delays startup nor competes with it for the application
 * database.
 */
@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

	@Bean
	SecretCipher secretCipher(SecuritySettings settings) {
		return new SecretCipher(settings.secretKey(), Optional.ofNullable(settings.secretKeyPrevious()));
	}

	@Bean
	KeyRotation keyRotation(SecretCipher cipher, ObjectProvider<SealedValues> owners,
			PlatformTransactionManager transactionManager, SecuritySettings settings, Clock clock,
			ManagedResources resources) {
		KeyRotation rotation = new KeyRotation(cipher, owners.orderedStream().toList(),
				new TransactionTemplate(transactionManager), StringUtils.hasText(settings.secretKeyPrevious()), clock);
		resources.register(KeyRotation.NAME, ShutdownOrder.KEY_ROTATION, rotation::stop)
			.startWith(rotation::start);
		return rotation;
	}

	@Bean
	ApplicationListener<ApplicationReadyEvent> keyRotationOnceReady(KeyRotation rotation) {
		return (ready) -> rotation.start();
	}

}
