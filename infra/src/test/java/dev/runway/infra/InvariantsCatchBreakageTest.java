package dev.runway.infra;

import static dev.runway.infra.TerraformInvariantsTest.INFRA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Each invariant reports the breakage it is there for: the real files, changed in one place, fail it. */
class InvariantsCatchBreakageTest {

    /** {@code from} replaced by {@code to} in {@code file}; an empty {@code from} adds {@code file} with {@code to}. */
    record Breakage(String what, String file, String from, String to, Function<Terraform, List<String>> rule,
                    String reported) {

        static Breakage change(String what, String file, String from, String to,
                               Function<Terraform, List<String>> rule, String reported) {
            return new Breakage(what, file, from, to, rule, reported);
        }

        static Breakage add(String what, String hcl, Function<Terraform, List<String>> rule, String reported) {
            return new Breakage(what, "broken.tf", "", hcl, rule, reported);
        }

        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Breakage> breakages() {
        return Stream.of(
                Breakage.change("the API port open to the internet", "network.tf",
                        "    local.iap_range,\n  ]", "    local.iap_range,\n    \"0.0.0.0/0\",\n  ]",
                        Invariants::apiPortOpenOnlyInsideTheVpc, "opens port 4200 to 0.0.0.0/0"),
                Breakage.change("an ingress rule open to the internet", "network.tf",
                        "    local.iap_range,\n  ]", "    local.iap_range,\n    \"0.0.0.0/0\",\n  ]",
                        Invariants::noIngressFromAnywhere, "admits 0.0.0.0/0"),
                Breakage.change("a rule without source ranges", "network.tf",
                        "  source_ranges           = [local.iap_range]\n", "",
                        Invariants::noIngressFromAnywhere, "has no source_ranges"),
                Breakage.change("runners cut off from the API", "network.tf", "    var.connector_cidr,\n", "",
                        Invariants::apiPortOpenOnlyInsideTheVpc, "runners could not reach the control plane"),
                Breakage.change("the API rule opening every TCP port, SSH included", "network.tf",
                        "    ports    = [tostring(local.api_port)]\n", "",
                        Invariants::sshOnlyThroughIap, "opens SSH to"),
                Breakage.change("SSH from the subnet", "network.tf", "  source_ranges           = [local.iap_range]",
                        "  source_ranges           = [local.iap_range, var.subnet_cidr]",
                        Invariants::sshOnlyThroughIap, "not only to IAP's 35.235.240.0/20"),
                Breakage.change("an external address on the VM", "control_plane.tf",
                        "    network_ip = google_compute_address.control_plane.address\n",
                        "    network_ip = google_compute_address.control_plane.address\n    access_config {}\n",
                        Invariants::vmsHaveNoExternalAddress, "has an access_config"),
                Breakage.add("a project-wide role for the runner", """
                        resource "google_project_iam_member" "runner_viewer" {
                          project = var.project_id
                          role    = "roles/viewer"
                          member  = google_service_account.runner.member
                        }
                        """, Invariants::runnerHoldsOnlyObjectRolesOnItsBucket, "on the whole project"),
                Breakage.change("the runner reading the releases bucket", "storage.tf", """
                        resource "google_storage_bucket_iam_member" "runner_reads_results" {
                          bucket = google_storage_bucket.results.name""", """
                        resource "google_storage_bucket_iam_member" "runner_reads_results" {
                          bucket = google_storage_bucket.releases.name""",
                        Invariants::runnerHoldsOnlyObjectRolesOnItsBucket, "is not on the results bucket"),
                Breakage.add("a project-wide Pub/Sub role for the runner", """
                        resource "google_project_iam_member" "runner_subscribes_everywhere" {
                          project = var.project_id
                          role    = "roles/pubsub.subscriber"
                          member  = google_service_account.runner.member
                        }
                        """, Invariants::runnerPullsOnlyItsWarmInbox,
                        "grants the runner roles/pubsub.subscriber on the whole project"),
                Breakage.add("the runner publishing to the warm topic", """
                        resource "google_pubsub_topic_iam_member" "runner_publishes_warm_starts" {
                          count  = local.warm_lane
                          topic  = google_pubsub_topic.warm[0].id
                          role   = "roles/pubsub.publisher"
                          member = google_service_account.runner.member
                        }
                        """, Invariants::runnerPullsOnlyItsWarmInbox,
                        "on a pubsub_topic; it may only pull its warm inbox"),
                Breakage.add("the runner pulling the launcher's dispatches", """
                        resource "google_pubsub_subscription_iam_member" "runner_pulls_dispatches" {
                          subscription = google_pubsub_subscription.launcher.id
                          role         = "roles/pubsub.subscriber"
                          member       = google_service_account.runner.member
                        }
                        """, Invariants::runnerPullsOnlyItsWarmInbox,
                        "lets the runner pull a subscription that is no warm worker pool's inbox"),
                Breakage.change("warm workers unable to pull their inbox", "warm_lane.tf",
                        "  role         = \"roles/pubsub.subscriber\"\n  member       = google_service_account.runner.member",
                        "  role         = \"roles/pubsub.viewer\"\n  member       = google_service_account.runner.member",
                        Invariants::runnerPullsOnlyItsWarmInbox,
                        "the runner may not pull google_pubsub_subscription.warm: warm workers would never get"),
                Breakage.add("the control plane pulling the warm inbox", """
                        resource "google_pubsub_subscription_iam_member" "control_plane_pulls_warm_starts" {
                          count        = local.warm_lane
                          subscription = google_pubsub_subscription.warm[0].id
                          role         = "roles/pubsub.subscriber"
                          member       = google_service_account.control_plane.member
                        }
                        """, Invariants::controlPlaneOnlyPublishesWarmStarts,
                        "on google_pubsub_subscription.warm, the warm workers' inbox"),
                Breakage.change("the control plane administering the warm topic", "warm_lane.tf",
                        "  topic  = google_pubsub_topic.warm[0].id\n  role   = \"roles/pubsub.publisher\"",
                        "  topic  = google_pubsub_topic.warm[0].id\n  role   = \"roles/pubsub.editor\"",
                        Invariants::controlPlaneOnlyPublishesWarmStarts,
                        "the control plane may not publish to the warm topic google_pubsub_topic.warm"),
                Breakage.change("the launcher without jobsExecutorWithOverrides", "cloud_run.tf",
                        "  role     = \"roles/run.jobsExecutorWithOverrides\"", "  role     = \"roles/run.invoker\"",
                        Invariants::launcherRunsJobsThroughGrantsOnTheJobs,
                        "does not grant the launcher roles/run.jobsExecutorWithOverrides"),
                Breakage.add("a project-wide Cloud Run role for the launcher", """
                        resource "google_project_iam_member" "launcher_runs_everything" {
                          project = var.project_id
                          role    = "roles/run.developer"
                          member  = google_service_account.control_plane.member
                        }
                        """, Invariants::launcherRunsJobsThroughGrantsOnTheJobs,
                        "grants the control plane roles/run.developer on the whole project"),
                Breakage.change("the control plane unable to pull dead letters", "pubsub.tf",
                        "  subscription = google_pubsub_subscription.dead_letters.id\n  role         = \"roles/pubsub.subscriber\"\n  member       = google_service_account.control_plane.member",
                        "  subscription = google_pubsub_subscription.dead_letters.id\n  role         = \"roles/pubsub.viewer\"\n  member       = google_service_account.control_plane.member",
                        Invariants::controlPlanePubSubGrantsAreOnItsTopicAndSubscriptions,
                        "does not let the control plane pull it"),
                Breakage.change("a runner job without VPC egress", "cloud_run.tf", """
                              vpc_access {
                                connector = google_vpc_access_connector.main.id
                                egress    = "PRIVATE_RANGES_ONLY"
                              }
                        """, "", Invariants::jobsLeaveThroughTheConnector, "has no template.template.vpc_access"),
                Breakage.change("a worker pool without VPC egress", "warm_lane.tf", """
                            vpc_access {
                              connector = google_vpc_access_connector.main.id
                              egress    = "PRIVATE_RANGES_ONLY"
                            }
                        """, "", Invariants::warmWorkersRunWarmAsTheRunner, "has no template.vpc_access"),
                Breakage.change("a worker pool running as the project's default account", "warm_lane.tf",
                        "    service_account = google_service_account.runner.email\n", "",
                        Invariants::warmWorkersRunWarmAsTheRunner, "does not run as the runner's service account"),
                Breakage.change("warm workers started in run mode", "warm_lane.tf",
                        "      args  = [\"--warm\"]\n", "",
                        Invariants::warmWorkersRunWarmAsTheRunner,
                        "runs the runner with the arguments null, not [--warm]"),
                Breakage.change("warm workers told no inbox", "warm_lane.tf", """
                              env {
                                name  = "RUNWAY_WARM_INBOX"
                                value = "pubsub:projects/${var.project_id}/subscriptions/${google_pubsub_subscription.warm[0].name}"
                              }
                        """, "", Invariants::warmWorkersRunWarmAsTheRunner,
                        "RUNWAY_WARM_INBOX names no subscription of this configuration"),
                Breakage.change("the launcher updating the worker pool as a Cloud Run developer", "warm_lane.tf",
                        "  role     = google_project_iam_custom_role.worker_pool_updater.id",
                        "  role     = \"roles/run.developer\"",
                        Invariants::launcherUpdatesWorkerPoolsThroughGrantsOnThem,
                        "grants the launcher roles/run.developer on google_cloud_run_v2_worker_pool.warm, which can"),
                Breakage.change("the launcher unable to act as the runner", "cloud_run.tf",
                        "  role               = \"roles/iam.serviceAccountUser\"",
                        "  role               = \"roles/iam.serviceAccountTokenCreator\"",
                        Invariants::launcherUpdatesWorkerPoolsThroughGrantsOnThem,
                        "the launcher may not act as the runner"),
                Breakage.change("the warm subscription without a dead-letter policy", "warm_lane.tf", """
                          dead_letter_policy {
                            dead_letter_topic     = google_pubsub_topic.dead_letters.id
                            max_delivery_attempts = var.dispatch_max_delivery_attempts
                          }
                        """, "", Invariants::subscriptionsRetryAndDeadLetter,
                        "has no dead_letter_policy"),
                Breakage.change("the launcher's subscription without a dead-letter policy", "pubsub.tf", """
                          dead_letter_policy {
                            dead_letter_topic     = google_pubsub_topic.dead_letters.id
                            max_delivery_attempts = var.dispatch_max_delivery_attempts
                          }
                        """, "", Invariants::subscriptionsRetryAndDeadLetter, "has no dead_letter_policy"),
                Breakage.change("the launcher's subscription without a retry policy", "pubsub.tf", """
                          ack_deadline_seconds       = 60
                          message_retention_duration = "604800s"

                          # A nacked launch (its infrastructure refused it) comes back after a growing back-off.
                          retry_policy {
                            minimum_backoff = var.dispatch_min_backoff
                            maximum_backoff = var.dispatch_max_backoff
                          }
                        """, "", Invariants::subscriptionsRetryAndDeadLetter, "has no retry_policy"),
                Breakage.change("a subscription that expires", "pubsub.tf", """
                          # Never expire for want of traffic: a quiet month must not delete the launcher's subscription.
                          expiration_policy {
                            ttl = ""
                          }
                        """, "", Invariants::subscriptionsRetryAndDeadLetter, "has no expiration_policy"),
                Breakage.change("the service agent unable to publish dead letters", "pubsub.tf",
                        "  topic  = google_pubsub_topic.dead_letters.id\n  role   = \"roles/pubsub.publisher\"",
                        "  topic  = google_pubsub_topic.dispatch.id\n  role   = \"roles/pubsub.publisher\"",
                        Invariants::serviceAgentCanDeadLetter, "may not publish to its dead-letter topic"),
                Breakage.change("the service agent unable to pull the launcher's subscription", "pubsub.tf",
                        "  member       = local.pubsub_service_agent", "  member       = google_service_account.control_plane.member",
                        Invariants::serviceAgentCanDeadLetter, "may not pull it"),
                Breakage.change("a bucket with per-object ACLs", "storage.tf",
                        "-results\"\n  location                    = var.region\n  uniform_bucket_level_access = true",
                        "-results\"\n  location                    = var.region\n  uniform_bucket_level_access = false",
                        Invariants::bucketsAreUniformAndExpire, "lacks uniform_bucket_level_access = true"),
                Breakage.change("results kept forever", "storage.tf", """
                          lifecycle_rule {
                            condition {
                              age = var.retention_days
                            }
                            action {
                              type = "Delete"
                            }
                          }
                        """, "", Invariants::bucketsAreUniformAndExpire, "has no lifecycle_rule"),
                Breakage.change("Cloud SQL with a public address", "database.tf", "ipv4_enabled       = false",
                        "ipv4_enabled       = true", Invariants::cloudSqlIsPrivateAndBackedUp,
                        "does not set ip_configuration.ipv4_enabled = false"),
                Breakage.change("Cloud SQL without backups", "database.tf",
                        "      enabled                        = true", "      enabled                        = false",
                        Invariants::cloudSqlIsPrivateAndBackedUp, "has no automated backups"),
                Breakage.add("an authoritative binding", """
                        resource "google_storage_bucket_iam_binding" "readers" {
                          bucket  = google_storage_bucket.results.name
                          role    = "roles/storage.objectViewer"
                          members = [google_service_account.control_plane.member]
                        }
                        """, Invariants::grantsAreAdditive, "is authoritative"),
                Breakage.change("the control plane pulling the dead-letter subscription as its launcher's",
                        "control_plane.tf", "= google_pubsub_subscription.launcher.name",
                        "= google_pubsub_subscription.dead_letters.name",
                        Invariants::controlPlaneSettingsNameTheResources,
                        "RUNWAY_PUBSUB_SUBSCRIPTION does not name a subscription with a dead-letter policy"),
                Breakage.change("an undeclared variable", "network.tf", "ip_cidr_range = var.subnet_cidr",
                        "ip_cidr_range = var.subnet_range", tf -> Invariants.variablesDeclaredAndUsed(tf, example()),
                        "var.subnet_range (network.tf:"),
                Breakage.add("an unused variable", """
                        variable "forgotten" {
                          type    = string
                          default = "x"
                        }
                        """, tf -> Invariants.variablesDeclaredAndUsed(tf, example()),
                        "variable forgotten (broken.tf:1) is declared but never used"),
                Breakage.change("a reference to an undeclared resource", "network.tf",
                        "  network       = google_compute_network.main.id\n  region        = var.region\n  ip_cidr_range = var.subnet_cidr",
                        "  network       = google_compute_network.other.id\n  region        = var.region\n  ip_cidr_range = var.subnet_cidr",
                        Invariants::referencesResolve, "google_compute_network.other.id (network.tf:"),
                Breakage.change("a template variable not passed", "control_plane.tf",
                        "      java_options       = var.control_plane_java_options\n", "",
                        Invariants::referencesResolve, "uses ${java_options}, which templatefile is not given"),
                Breakage.change("an interpolation in a heredoc", "outputs.tf",
                        "  description = \"Where Cloud Build pushes the runner image.\"",
                        "  description = <<-EOT\n    Where Cloud Build pushes ${var.name}'s runner image.\n  EOT",
                        Invariants::everyInterpolationIsParsed, "an interpolation hcl4j does not parse"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    void theRuleReportsTheBreakage(Breakage breakage) {
        Map<String, String> sources = new TreeMap<>(Terraform.sources(INFRA));
        if (breakage.from().isEmpty()) {
            sources.put(breakage.file(), breakage.to());
        } else {
            assertThat(sources.get(breakage.file())).as("what to change in %s", breakage.file())
                    .containsOnlyOnce(breakage.from());
            sources.put(breakage.file(), sources.get(breakage.file()).replace(breakage.from(), breakage.to()));
        }
        List<String> problems = breakage.rule().apply(Terraform.of(INFRA, sources));
        assertThat(problems).anySatisfy(problem -> assertThat(problem).contains(breakage.reported()));
    }

    @Test
    void aBlockLeftOpenIsNotReadAsValid() {
        Map<String, String> sources = Map.of("broken.tf", """
                resource "google_pubsub_topic" "dispatch" {
                  name = "runway-dispatch"
                """);
        assertThatThrownBy(() -> Terraform.of(INFRA, sources)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken.tf:2: 'name' is not a top-level block");
    }

    @Test
    void anAttributeSetTwiceIsRefused() {
        Map<String, String> sources = Map.of("broken.tf", """
                resource "google_pubsub_topic" "dispatch" {
                  name = "runway-dispatch"
                  name = "runway-other"
                }
                """);
        assertThatThrownBy(() -> Terraform.of(INFRA, sources)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken.tf:3: 'name' is set twice");
    }

    private static Map<String, Terraform.Expression> example() {
        return Terraform.assignments(INFRA.resolve("terraform.tfvars.example"));
    }
}
