/**
 * Shared runtime ground every module may use: the application mode ({@code APP_ENV}), the
 * clock, and the startup report that turns an invalid setting into a message naming the
 * variable, the problem and the allowed range.
 */
package dev.lookout.system;
