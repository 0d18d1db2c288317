package dev.lookout.security.secrets;

/** A sealed secret could not be opened; the message says why, never what it holds. */
public class SecretNotOpened extends RuntimeException {

	public SecretNotOpened(String reason) {
		super("Cannot open the sealed secret: " + reason);
	}

}
