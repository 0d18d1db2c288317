package dev.lookout.alerts;

/** Where a rule stands; the names are those of {@link AlertTransitioned#from()} and {@code to()}. */
enum AlertState {

	OK, PENDING, FIRING, NO_DATA, ERROR

}
