package io.omniline.ivr.validate;

import io.omniline.ivr.model.Problem;
import java.util.List;

/** The flow has errors and cannot go live; carries every problem for the editor to show. */
public final class InvalidFlowException extends RuntimeException {

    private final List<Problem> problems;

    public InvalidFlowException(String flowName, List<Problem> problems) {
        super("flow " + flowName + " has "
                + problems.stream().filter(Problem::isError).count() + " error(s) and cannot be published");
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
