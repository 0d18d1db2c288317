/**
 * The instance's lifecycle: the shutdown registry, the one owner of every background resource's
 * stop (hooks run once per lifecycle, in order, each within its own timeout and all within a
 * total budget, after Spring's graceful HTTP drain), the controlled reload that stops and starts
 * the restartable hooks while the port stays open, the instance's state, and the exit with 0 on
 * SIGTERM. Every module may use it; it uses none of the feature modules.
 */
package dev.lookout.lifecycle;
