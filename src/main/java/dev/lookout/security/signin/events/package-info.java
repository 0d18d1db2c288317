/**
 * What sign-in publishes, for the audit log: a sign-in succeeded or failed, a user signed out.
 * A named interface, so that listeners need nothing else of the security module.
 */
@NamedInterface("signin-events")
package dev.lookout.security.signin.events;

import org.springframework.modulith.NamedInterface;
