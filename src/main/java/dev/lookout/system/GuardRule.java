package dev.lookout.system;

import java.util.List;

/**
 * One independent check of the startup guard. Rules run before any pool, client, thread or
 * port exists, so they see only the prepared environment. A module adds its rule by listing
 * it under this interface's name in {@code META-INF/spring.factories}; every rule runs, and
 * all their problems are reported together.
 */
@FunctionalInterface
public interface GuardRule {

	List<GuardProblem> check(GuardContext context);

}
