/**
 * The shutdown registry: the one owner of every background resource's stop. Hooks run once
 * per lifecycle, in order, each within its own timeout and all within a total budget, after
 * Spring's graceful HTTP drain and the web server's stop, before the beans are destroyed.
 */
package dev.lookout.lifecycle;
