package dev.lookout.resilience;

/**
 * Marks an exception that already means "the dependency could not be reached or did not
 * answer", for callers whose client library hides the socket failure behind an exception of
 * its own (the JDK's LDAP client reports a read timeout with no cause). Breakers count it.
 */
public interface InfrastructureFailure {

}
