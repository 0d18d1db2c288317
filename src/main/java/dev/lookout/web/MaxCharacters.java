package dev.lookout.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/**
 * A text of at most {@link #value()} characters, counted as the database counts them (code
 * points), not in UTF-16 units as {@code @Size} does; {@code null} passes. The message may use
 * {@code {length}}, the length found.
 */
@Documented
@Constraint(validatedBy = MaxCharacters.Validator.class)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface MaxCharacters {

	int value();

	String message() default "must be at most {value} characters, was {length}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Counts the characters and hands the count to the message. */
	class Validator implements ConstraintValidator<MaxCharacters, CharSequence> {

		private int max;

		@Override
		public void initialize(MaxCharacters constraint) {
			this.max = constraint.value();
		}

		@Override
		public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
			if (value == null) {
				return true;
			}
			int length = Character.codePointCount(value, 0, value.length());
			if (length <= this.max) {
				return true;
			}
			context.unwrap(HibernateConstraintValidatorContext.class).addMessageParameter("length", length);
			return false;
		}

	}

}
