/**
 * The optional Redis connection ({@code REDIS_URL}): one named client for the modules that
 * share state across instances, closed through the shutdown registry. Absent when unset.
 */
package dev.lookout.redis;
