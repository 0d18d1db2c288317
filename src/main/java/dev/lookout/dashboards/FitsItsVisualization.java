package dev.lookout.dashboards;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A panel's visualization is one Lookout knows, and its options give what it needs: a line or
 * bar chart its x column and at least one y column, a stat its value column. Each missing piece
 * is reported on its own field ({@code options.xColumn}, ...).
 */
@Documented
@Constraint(validatedBy = FitsItsVisualization.Validator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@interface FitsItsVisualization {

	String message() default "does not fit its visualization";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Checks the panel as a whole, since the rule spans two of its fields. */
	class Validator implements ConstraintValidator<FitsItsVisualization, PanelRequest> {

		@Override
		public boolean isValid(PanelRequest panel, ConstraintValidatorContext context) {
			context.disableDefaultConstraintViolation();
			Visualization visualization = Visualization.of(panel.visualization()).orElse(null);
			if (visualization == null) {
				return reject(context, "must be one of " + PanelRequest.VISUALIZATIONS, "visualization");
			}
			PanelOptions options = (panel.options() != null) ? panel.options() : PanelOptions.NONE;
			boolean valid = true;
			if (visualization.isChart() && options.xColumn() == null) {
				valid = reject(context, "is required for a " + visualization.id() + " chart", "options", "xColumn");
			}
			if (visualization.isChart() && options.yColumns().isEmpty()) {
				valid = reject(context, "needs at least one column for a " + visualization.id() + " chart", "options",
						"yColumns");
			}
			if (visualization == Visualization.STAT && options.valueColumn() == null) {
				valid = reject(context, "is required for a stat", "options", "valueColumn");
			}
			return valid;
		}

		private static boolean reject(ConstraintValidatorContext context, String message, String property,
				String... nested) {
			var violation = context.buildConstraintViolationWithTemplate(message).addPropertyNode(property);
			for (String name : nested) {
				violation = violation.addPropertyNode(name);
			}
			violation.addConstraintViolation();
			return false;
		}

	}

}
