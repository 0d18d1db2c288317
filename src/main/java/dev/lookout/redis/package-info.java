/**
 * The optional Redis connection ({@code REDIS_URL}; absent when unset): one named client per
 * instance for the modules that share state across instances ({@code SharedRedis}, which manages
 * its connection), the channel subscriptions made on it, the key trackings through which Redis
 * reports each change to keys under a prefix (for copies that must stay true), Spring Session's connection factory over
 * it, and a probe that tells a broken client from a Redis that is down (for the watchdog). The
 * client is a managed resource: closed in its turn, and made anew on a reload.
 */
package dev.lookout.redis;
