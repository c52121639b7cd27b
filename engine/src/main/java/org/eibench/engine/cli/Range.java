package org.eibench.engine.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The values a numeric option accepts, checked for every verb in one place ({@link OptionRanges}) once the command line
 * is parsed. Every numeric option carries one; {@code OptionRangesTest} fails for one that does not.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Range {
    /** The smallest value allowed. */
    double min() default Double.NEGATIVE_INFINITY;

    /** Whether {@link #min} itself is refused (for "above 0"). */
    boolean minExclusive() default false;

    /** The largest value allowed. */
    double max() default Double.POSITIVE_INFINITY;

    /** Why the bound is where it is, shown with the error when the reason is not obvious. */
    String why() default "";
}
