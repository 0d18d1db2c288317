/**
 * Shared runtime ground every module may use: the application mode ({@code APP_ENV}), the
 * clock, the startup report that turns an invalid setting into a message naming the variable,
 * the problem and the allowed range, and the startup guard's extension point
 * ({@link dev.lookout.system.GuardRule}): a module refuses an unsafe configuration of its own by
 * listing a rule in {@code META-INF/spring.factories}; the security module's guard runs them all.
 */
package dev.lookout.system;
