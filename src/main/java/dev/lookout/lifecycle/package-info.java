/**
 * The instance's lifecycle, which every module may use and which uses none of the feature modules.
 * It opens the port as soon as the configuration is read, hands that socket to Tomcat without
 * closing it, and answers for the instance until it is ready ({@link dev.lookout.lifecycle.EarlyPort},
 * {@link dev.lookout.lifecycle.EarlyPortContext}). It owns the {@link dev.lookout.lifecycle.ManagedResources managed resources}: every background
 * worker, client and pool registers its stop (and, when it can be rebuilt, its start) with an order
 * of its own ({@link dev.lookout.lifecycle.ShutdownOrder}); they stop once per lifecycle, in order,
 * each within its timeout and all within a budget, after Spring's graceful HTTP drain. The
 * {@link dev.lookout.lifecycle.ReloadCoordinator reload coordinator} stops and starts the
 * restartable ones while the port stays open, refusing requests meanwhile, and keeps the
 * instance's state. Background workers that prove they are alive are {@code Supervised} here, for
 * the watchdog; and SIGTERM ends the process with status 0.
 */
package dev.lookout.lifecycle;
