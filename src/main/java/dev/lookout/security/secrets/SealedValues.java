package dev.lookout.security.secrets;

import java.util.List;

/**
 * Implemented by a module that stores values sealed with {@link SecretCipher}, so that the key
 * rotation ({@link KeyRotation}) can seal them again with the current key without knowing where
 * they live: the security module must not depend on the modules that use it.
 */
public interface SealedValues {

	/** Every value this module stores sealed, as stored now; a value without a secret is left out. */
	List<SealedValue> list();

	/**
	 * Replaces the value with {@code resealed} only if it still holds {@code value.sealed()}
	 * (compare and set), so that a concurrent edit, or another instance rotating at the same
	 * time, is never overwritten. Runs in the caller's transaction.
	 * @return whether the value was replaced
	 */
	boolean replace(SealedValue value, String resealed);

	/**
	 * One stored sealed value.
	 * @param id what the owner needs to find it again (a row's id)
	 * @param description for people, in logs and on the runtime page ({@code data source 'Sales' password});
	 * never the secret
	 * @param context the context it was sealed with ({@code datasource:42:password}), unique per value
	 * @param sealed the sealed text
	 */
	record SealedValue(String id, String description, String context, String sealed) {

		@Override
		public String toString() {
			return this.description;
		}

	}

}
