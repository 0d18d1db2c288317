package dev.lookout.system;

/**
 * Something that makes the configuration unsafe for its mode. Never carries a secret's
 * value: {@code problem} and {@code fix} are shown to operators and end up in logs.
 *
 * @param variable the variable to change, as an operator sets it
 * @param problem what is wrong with it, in one sentence
 * @param fix how to put it right, concretely
 */
public record GuardProblem(String variable, String problem, String fix) {
}
