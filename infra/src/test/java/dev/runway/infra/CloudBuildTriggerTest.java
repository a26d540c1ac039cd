package dev.runway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Cloud Build trigger Terraform makes hands cloudbuild.yaml exactly the substitutions it declares. */
class CloudBuildTriggerTest {

    private static final Pattern DECLARED = Pattern.compile("^  (_[A-Z0-9_]+):", Pattern.MULTILINE);

    @Test
    void theTriggerSetsEverySubstitutionTheBuildDeclaresAndNoOther() throws IOException {
        Terraform tf = Terraform.read(TerraformInvariantsTest.INFRA);
        Terraform.Block trigger = tf.resources("google_cloudbuild_trigger").getFirst();
        Object substitutions = tf.value(trigger.attribute("substitutions").orElseThrow());

        assertThat(substitutions).isInstanceOf(Map.class);
        Set<Object> set = new LinkedHashSet<>(((Map<?, ?>) substitutions).keySet());
        assertThat(set).containsExactlyInAnyOrderElementsOf(declaredByTheBuild());
    }

    /** The keys of cloudbuild.yaml's top-level {@code substitutions:} block. */
    private static Set<String> declaredByTheBuild() throws IOException {
        List<String> lines = Files.readAllLines(TerraformInvariantsTest.INFRA.resolveSibling("cloudbuild.yaml"));
        int start = lines.indexOf("substitutions:");
        assertThat(start).as("cloudbuild.yaml has a top-level substitutions block").isNotNegative();
        Set<String> declared = new LinkedHashSet<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (!line.startsWith(" ") && !line.isBlank()) {
                break;
            }
            Matcher name = DECLARED.matcher(line);
            if (name.find()) {
                declared.add(name.group(1));
            }
        }
        return declared;
    }
}
