package dev.runway.model;

/**
 * Why one deployment was left out: an entry of deployments.yaml that could not be described, or a spec the control
 * plane refused. The others are deployed all the same; one bad entry is not a reason to deploy nothing.
 *
 * @param deployment its name; null when the entry has none
 * @param index      its position in the file's {@code deployments} list, from 0; null when not known
 * @param where      the file and line, e.g. {@code deployments.yaml line 7}; null when not known
 * @param field      the field at fault, e.g. {@code flow} or {@code parameters.times}; null when no one field is
 * @param message    what is wrong, for a person
 */
public record DeploymentProblem(String deployment, Integer index, String where, String field, String message) {

    /** The deployment's name, else its place in the list: {@code deployments[2]}. */
    public String label() {
        if (deployment != null && !deployment.isBlank()) {
            return deployment;
        }
        return index != null ? "deployments[" + index + "]" : "a deployment";
    }

    /** {@code flow: no flow named 'helo' (deployments.yaml line 7)}: the field, the reason and where to look. */
    public String reason() {
        return (field == null || field.isBlank() ? "" : field + ": ") + message + (where == null ? "" : " (" + where + ")");
    }
}
