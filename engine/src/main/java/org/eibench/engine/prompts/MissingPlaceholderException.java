package org.eibench.engine.prompts;

/** A template was rendered without a value for one of its placeholders. */
public final class MissingPlaceholderException extends PromptException {
    private static final long serialVersionUID = 1L;
    private final String template;
    private final String placeholder;

    public MissingPlaceholderException(String template, String placeholder) {
        super("template " + template + " needs {" + placeholder + "} but no value was given; an earlier step must"
                + " produce it (its \"output\") or it must be a sample field ({question})");
        this.template = template;
        this.placeholder = placeholder;
    }

    public String template() {
        return template;
    }

    public String placeholder() {
        return placeholder;
    }
}
