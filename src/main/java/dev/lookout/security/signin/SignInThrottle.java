package dev.lookout.security.signin;

/**
 * The sign-in limits {@link DirectorySignIn} asks: in this instance's memory
 * ({@link LoginThrottle}), or shared by every instance through Redis ({@link SharedLoginThrottle}).
 */
interface SignInThrottle {

	/** Refuses the attempt ({@link LoginThrottled}) while the user name or the address is locked. */
	void check(String username, String address);

	/** Counts a wrong name or password; may start a lock. */
	void failed(String username, String address);

	/** Clears the user name's record (not the address's). */
	void succeeded(String username);

}
