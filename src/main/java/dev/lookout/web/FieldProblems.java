package dev.lookout.web;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.groups.Default;

/**
 * Everything wrong with a request, by field, so that a client learns every problem in one
 * answer: the violations of its Bean Validation constraints, plus the rules that need more than
 * the request (a stored row, a policy that reads the network), added by the caller. One message
 * per field, the first found; fields are named as the client sent them ({@code options.xColumn},
 * {@code options.yColumns[1]}) and listed in the order of the request record's components.
 */
public final class FieldProblems {

	private final Class<?> request;

	private final Map<String, String> problems = new LinkedHashMap<>();

	private FieldProblems(Class<?> request) {
		this.request = request;
	}

	/** The violations of {@code request}'s constraints in the default group and the given ones. */
	public static FieldProblems of(Validator validator, Object request, Class<?>... groups) {
		FieldProblems found = new FieldProblems(request.getClass());
		Class<?>[] checked = Stream.concat(Stream.of(Default.class), Stream.of(groups))
			.toArray(Class<?>[]::new);
		List<ConstraintViolation<Object>> violations = new ArrayList<>(validator.validate(request, checked));
		// A blank value breaks its length or pattern rule too; "is required" is what the client needs to read.
		violations.sort(Comparator.comparing((violation) -> !isRequiredRule(violation)));
		for (ConstraintViolation<Object> violation : violations) {
			found.add(field(violation.getPropertyPath()), violation.getMessage());
		}
		return found;
	}

	/** Adds a problem of a field that has none yet. */
	public FieldProblems add(String field, String message) {
		this.problems.putIfAbsent(field, message);
		return this;
	}

	public boolean has(String field) {
		return this.problems.containsKey(field);
	}

	public boolean isEmpty() {
		return this.problems.isEmpty();
	}

	/** Field name to message, in the order of the request's components. */
	public Map<String, String> byField() {
		Map<String, String> ordered = new LinkedHashMap<>();
		this.problems.entrySet()
			.stream()
			.sorted(Comparator.comparing((Map.Entry<String, String> problem) -> position(problem.getKey()))
				.thenComparing(Map.Entry::getKey))
			.forEach((problem) -> ordered.put(problem.getKey(), problem.getValue()));
		return ordered;
	}

	private int position(String field) {
		String component = field.split("[.\\[]", 2)[0];
		RecordComponent[] components = this.request.getRecordComponents();
		for (int i = 0; components != null && i < components.length; i++) {
			if (components[i].getName().equals(component)) {
				return i;
			}
		}
		return Integer.MAX_VALUE;
	}

	private static boolean isRequiredRule(ConstraintViolation<?> violation) {
		Class<?> rule = violation.getConstraintDescriptor().getAnnotation().annotationType();
		return rule == NotNull.class || rule == NotBlank.class;
	}

	/** The path as the client wrote the field: {@code options.yColumns[1]}, not {@code <list element>}. */
	private static String field(Path path) {
		StringBuilder field = new StringBuilder();
		for (Path.Node node : path) {
			if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
				if (node.getIndex() != null) {
					field.append('[').append(node.getIndex()).append(']');
				}
				continue;
			}
			if (node.getName() == null) {
				continue;
			}
			if (node.isInIterable() && node.getIndex() != null) {
				field.append('[').append(node.getIndex()).append(']');
			}
			if (!field.isEmpty()) {
				field.append('.');
			}
			field.append(node.getName());
		}
		return field.toString();
	}

}
