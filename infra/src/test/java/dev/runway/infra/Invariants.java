package dev.runway.infra;

import dev.runway.infra.Terraform.Block;
import dev.runway.infra.Terraform.Expression;
import dev.runway.infra.Terraform.Reference;
import dev.runway.infra.Terraform.Unknown;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Runway's Terraform must keep true, each rule a method listing what breaks it in a configuration (nothing:
 * the rule holds). The resource names the rules rely on (the runner's and the control plane's service accounts)
 * are the ones infra/ uses.
 */
final class Invariants {

    static final long API_PORT = 4200;
    static final String IAP_RANGE = "35.235.240.0/20";
    static final String RUNNER = "google_service_account.runner";
    static final String CONTROL_PLANE = "google_service_account.control_plane";
    private static final Set<String> ANYWHERE = Set.of("0.0.0.0/0", "::/0");
    private static final Pattern IAM_RESOURCE = Pattern.compile("google_(\\w+)_iam_(member|binding|policy)");
    private static final Set<String> PROJECT_SCOPES = Set.of("project", "folder", "organization");
    /** The scope of Pub/Sub's IAM resources: pubsub_topic, pubsub_subscription. */
    private static final String PUBSUB_SCOPE = "pubsub_";
    /** Predefined roles that can update a Cloud Run resource and delete it too. */
    private static final Set<String> DELETING_RUN_ROLES = Set.of("roles/run.admin", "roles/run.developer",
            "roles/run.sourceDeveloper", "roles/editor", "roles/owner");
    static final String WARM = "--warm";
    static final String WARM_INBOX = "RUNWAY_WARM_INBOX";
    /** Roles the control plane may hold on the whole project: writing its logs and metrics. */
    private static final Set<String> CONTROL_PLANE_PROJECT_ROLES = Set.of("roles/logging.logWriter",
            "roles/monitoring.metricWriter");
    /** {@code ${name}}, {@code %{ for a, b in name }}, {@code %{ if name }}; not the escaped {@code $${…}}. */
    private static final Pattern TEMPLATE_NAME = Pattern.compile(
            "(?<!\\$)[$%]\\{~?\\s*(?:for\\s+(\\w+)(?:\\s*,\\s*(\\w+))?\\s+in\\s+|if\\s+)?([a-z_]\\w*)");

    private Invariants() {
    }

    /** The API port is open to the subnet, the connector, Cloud Build's private pool and IAP, and to nothing else. */
    static List<String> apiPortOpenOnlyInsideTheVpc(Terraform tf) {
        List<String> problems = new ArrayList<>();
        Set<Object> inside = new LinkedHashSet<>();
        tf.resources("google_compute_subnetwork").forEach(subnet -> inside.add(value(tf, subnet, "ip_cidr_range")));
        Set<Object> connectors = new LinkedHashSet<>();
        tf.resources("google_vpc_access_connector").forEach(c -> connectors.add(value(tf, c, "ip_cidr_range")));
        Set<Object> buildPools = new LinkedHashSet<>();
        tf.resources("google_cloudbuild_worker_pool").forEach(pool -> pool.block("network_config")
                .ifPresent(network -> buildPools.add(value(tf, network, "peered_network_ip_range"))));
        inside.addAll(connectors);
        inside.addAll(buildPools);
        inside.add(IAP_RANGE);
        Set<Object> reached = new LinkedHashSet<>();
        for (Block rule : ingressRules(tf)) {
            if (!opens(tf, rule, API_PORT)) {
                continue;
            }
            for (Object source : sources(tf, rule, problems)) {
                if (!inside.contains(source)) {
                    problems.add(rule + " opens port " + API_PORT + " to " + source + ", which is neither the subnet, the"
                            + " connector, Cloud Build's private pool nor IAP " + inside);
                }
                reached.add(source);
            }
        }
        for (Object range : connectors) {
            if (!reached.contains(range)) {
                problems.add("no rule opens port " + API_PORT + " to the connector's range " + range
                        + ": runners could not reach the control plane");
            }
        }
        for (Object range : buildPools) {
            if (!reached.contains(range)) {
                problems.add("no rule opens port " + API_PORT + " to the private pool's range " + range
                        + ": Cloud Build could not deploy");
            }
        }
        return problems;
    }

    /** No ingress rule admits the whole internet, and every one says where it admits from. */
    static List<String> noIngressFromAnywhere(Terraform tf) {
        List<String> problems = new ArrayList<>();
        for (Block rule : ingressRules(tf)) {
            for (Object source : sources(tf, rule, problems)) {
                if (ANYWHERE.contains(source)) {
                    problems.add(rule + " admits " + source);
                }
            }
        }
        return problems;
    }

    /** Port 22 is open to IAP's range only, and to it. */
    static List<String> sshOnlyThroughIap(Terraform tf) {
        List<String> problems = new ArrayList<>();
        boolean throughIap = false;
        for (Block rule : ingressRules(tf)) {
            if (!opens(tf, rule, 22)) {
                continue;
            }
            List<Object> sources = sources(tf, rule, problems);
            if (!sources.equals(List.of(IAP_RANGE))) {
                problems.add(rule + " opens SSH to " + sources + ", not only to IAP's " + IAP_RANGE);
            }
            throughIap |= sources.contains(IAP_RANGE);
        }
        if (!throughIap) {
            problems.add("no rule opens SSH to IAP's " + IAP_RANGE + ": the VM could not be reached at all");
        }
        return problems;
    }

    /** VMs have no external address: no access config on any interface, and only internal reserved addresses. */
    static List<String> vmsHaveNoExternalAddress(Terraform tf) {
        List<String> problems = new ArrayList<>();
        for (Block vm : tf.resources("google_compute_instance")) {
            for (Block nic : vm.blocks("network_interface")) {
                if (!nic.blocks("access_config").isEmpty() || !nic.blocks("ipv6_access_config").isEmpty()) {
                    problems.add(vm + " has an access_config: an external address");
                }
            }
        }
        for (Block address : tf.resources("google_compute_address")) {
            if (!"INTERNAL".equals(value(tf, address, "address_type"))) {
                problems.add(address + " is not address_type = \"INTERNAL\"");
            }
        }
        return problems;
    }

    /**
     * The runner holds object roles on one bucket, the results bucket, and nothing else anywhere but on its warm
     * inbox, which {@link #runnerPullsOnlyItsWarmInbox} judges.
     */
    static List<String> runnerHoldsOnlyObjectRolesOnItsBucket(Terraform tf) {
        List<String> problems = new ArrayList<>();
        Set<String> resultBuckets = resultBuckets(tf);
        boolean granted = false;
        for (Block grant : grantsTo(tf, RUNNER)) {
            String scope = scope(grant);
            String role = String.valueOf(value(tf, grant, "role"));
            if (scope.startsWith(PUBSUB_SCOPE)) {
                continue;
            }
            if (PROJECT_SCOPES.contains(scope)) {
                problems.add(grant + " grants the runner " + role + " on the whole " + scope);
            } else if (!grant.labels().getFirst().equals("google_storage_bucket_iam_member")) {
                problems.add(grant + " grants the runner " + role + " on a " + scope + "; it may hold only object"
                        + " roles on its bucket");
            } else if (!role.startsWith("roles/storage.object")) {
                problems.add(grant + " grants the runner " + role + ", not an object role");
            } else if (grant.attribute("bucket").map(bucket -> resultBuckets.stream().noneMatch(bucket::refersTo))
                    .orElse(true)) {
                problems.add(grant + " is not on the results bucket " + resultBuckets
                        + " (the one runway.results.store names)");
            } else {
                granted = true;
            }
        }
        if (!granted) {
            problems.add("the runner has no object role on the results bucket: it could not store results");
        }
        return problems;
    }

    /**
     * The runner's only Pub/Sub role is subscriber on each warm worker pool's inbox (the subscription its
     * RUNWAY_WARM_INBOX names), which it does hold: none on the project, a topic or another subscription.
     */
    static List<String> runnerPullsOnlyItsWarmInbox(Terraform tf) {
        List<String> problems = new ArrayList<>();
        Set<String> inboxes = warmInboxes(tf);
        Set<String> pulled = new TreeSet<>();
        for (Block grant : grantsTo(tf, RUNNER)) {
            String scope = scope(grant);
            String role = String.valueOf(value(tf, grant, "role"));
            if (!scope.startsWith(PUBSUB_SCOPE) && !role.startsWith("roles/pubsub.")) {
                continue;
            }
            Optional<String> inbox = inboxes.stream().filter(address -> refersTo(grant, "subscription", address))
                    .findFirst();
            if (PROJECT_SCOPES.contains(scope)) {
                problems.add(grant + " grants the runner " + role + " on the whole " + scope);
            } else if (!scope.equals("pubsub_subscription")) {
                problems.add(grant + " grants the runner " + role + " on a " + scope
                        + "; it may only pull its warm inbox");
            } else if (!"roles/pubsub.subscriber".equals(role)) {
                problems.add(grant + " grants the runner " + role + " on a subscription; it may only pull");
            } else if (inbox.isEmpty()) {
                problems.add(grant + " lets the runner pull a subscription that is no warm worker pool's inbox "
                        + inboxes);
            } else {
                pulled.add(inbox.get());
            }
        }
        for (String inbox : inboxes) {
            if (!pulled.contains(inbox)) {
                problems.add("the runner may not pull " + inbox + ": warm workers would never get a start");
            }
        }
        return problems;
    }

    /**
     * The launcher (the control plane's account) runs each runner job with overrides and updates it through grants on
     * the job, and holds no Cloud Run role, nor anything else but log and metric writing, on the project.
     */
    static List<String> launcherRunsJobsThroughGrantsOnTheJobs(Terraform tf) {
        List<String> problems = new ArrayList<>();
        List<Block> jobGrants = tf.resources("google_cloud_run_v2_job_iam_member").stream()
                .filter(grant -> refersTo(grant, "member", CONTROL_PLANE)).toList();
        for (Block job : tf.resources("google_cloud_run_v2_job")) {
            List<Block> onJob = jobGrants.stream().filter(grant -> refersTo(grant, "name", job.address())).toList();
            if (onJob.stream().noneMatch(grant -> "roles/run.jobsExecutorWithOverrides".equals(value(tf, grant, "role")))) {
                problems.add(job + " does not grant the launcher roles/run.jobsExecutorWithOverrides");
            }
            if (onJob.stream().noneMatch(grant -> permits(tf, grant, "run.jobs.update"))) {
                problems.add(job + " does not let the launcher update it to its work pool's template");
            }
        }
        for (Block grant : tf.resources("google_cloud_run_v2_job_iam_member")) {
            if (grant.attribute("name").map(name -> name.references().stream()
                    .noneMatch(reference -> reference.root().equals("google_cloud_run_v2_job"))).orElse(true)) {
                problems.add(grant + " is not on a job this configuration creates");
            }
        }
        for (Block grant : grantsTo(tf, CONTROL_PLANE)) {
            if (!PROJECT_SCOPES.contains(scope(grant))) {
                continue;
            }
            Object role = value(tf, grant, "role");
            boolean sqlClientOnTheInstance = "roles/cloudsql.client".equals(role)
                    && grant.block("condition").flatMap(condition -> condition.attribute("expression"))
                    .map(expression -> expression.references().stream()
                            .anyMatch(reference -> reference.root().equals("google_sql_database_instance")))
                    .orElse(false);
            if (!sqlClientOnTheInstance && !CONTROL_PLANE_PROJECT_ROLES.contains(role)) {
                problems.add(grant + " grants the control plane " + role + " on the whole " + scope(grant));
            }
        }
        return problems;
    }

    /**
     * The control plane publishes to every topic but the dead-letter ones and pulls every subscription but the warm
     * workers' inboxes, each granted on the topic or subscription.
     */
    static List<String> controlPlanePubSubGrantsAreOnItsTopicAndSubscriptions(Terraform tf) {
        List<String> problems = new ArrayList<>();
        Set<String> deadLetterTopics = deadLetterTopics(tf);
        Set<String> inboxes = warmInboxes(tf);
        for (Block topic : tf.resources("google_pubsub_topic")) {
            if (!deadLetterTopics.contains(topic.address()) && tf.resources("google_pubsub_topic_iam_member").stream()
                    .noneMatch(grant -> refersTo(grant, "topic", topic.address())
                            && refersTo(grant, "member", CONTROL_PLANE)
                            && "roles/pubsub.publisher".equals(value(tf, grant, "role")))) {
                problems.add(topic + " does not let the control plane publish to it");
            }
        }
        for (Block subscription : tf.resources("google_pubsub_subscription")) {
            if (!inboxes.contains(subscription.address())
                    && tf.resources("google_pubsub_subscription_iam_member").stream()
                    .noneMatch(grant -> refersTo(grant, "subscription", subscription.address())
                            && refersTo(grant, "member", CONTROL_PLANE)
                            && "roles/pubsub.subscriber".equals(value(tf, grant, "role")))) {
                problems.add(subscription + " does not let the control plane pull it");
            }
        }
        return problems;
    }

    /** Every runner job runs as the runner and reaches the VPC through the connector. */
    static List<String> jobsLeaveThroughTheConnector(Terraform tf) {
        List<String> problems = new ArrayList<>();
        for (Block job : tf.resources("google_cloud_run_v2_job")) {
            Optional<Block> task = job.block("template", "template");
            problems.addAll(vpcAccessProblems(tf, job, task, "template.template.vpc_access"));
            if (task.isPresent() && !refersTo(task.get(), "service_account", RUNNER)) {
                problems.add(job + " does not run as the runner's service account");
            }
        }
        if (tf.resources("google_cloud_run_v2_job").isEmpty()) {
            problems.add("no google_cloud_run_v2_job: work pools have no job to run");
        }
        return problems;
    }

    /**
     * Every worker pool of the warm lane runs the runner with {@code --warm} as the runner's account, reaches the VPC
     * through the connector as the jobs do, and names its inbox, a subscription of this configuration, in
     * RUNWAY_WARM_INBOX.
     */
    static List<String> warmWorkersRunWarmAsTheRunner(Terraform tf) {
        List<String> problems = new ArrayList<>();
        List<Block> pools = tf.resources("google_cloud_run_v2_worker_pool");
        for (Block pool : pools) {
            Optional<Block> template = pool.block("template");
            problems.addAll(vpcAccessProblems(tf, pool, template, "template.vpc_access"));
            if (template.isEmpty()) {
                continue;
            }
            if (!refersTo(template.get(), "service_account", RUNNER)) {
                problems.add(pool + " does not run as the runner's service account");
            }
            List<Block> containers = template.get().blocks("containers");
            if (containers.size() != 1) {
                problems.add(pool + " has " + containers.size() + " containers, not the runner's one");
            }
            for (Block container : containers) {
                Object args = value(tf, container, "args");
                if (!List.of(WARM).equals(args)) {
                    problems.add(pool + " runs the runner with the arguments " + args + ", not [" + WARM + "]");
                }
                if (env(container, WARM_INBOX).stream().flatMap(inbox -> inbox.references().stream())
                        .noneMatch(reference -> reference.root().equals("google_pubsub_subscription"))) {
                    problems.add(pool + "'s " + WARM_INBOX + " names no subscription of this configuration");
                }
            }
        }
        if (pools.isEmpty()) {
            problems.add("no google_cloud_run_v2_worker_pool: the warm lane has nothing to run on");
        }
        return problems;
    }

    /**
     * On the warm lane the control plane only publishes: publisher on each inbox's topic, its only role there, and no
     * role on the inbox, which is the warm workers' to pull.
     */
    static List<String> controlPlaneOnlyPublishesWarmStarts(Terraform tf) {
        List<String> problems = new ArrayList<>();
        List<Block> controlPlaneGrants = grantsTo(tf, CONTROL_PLANE);
        for (String inbox : warmInboxes(tf)) {
            controlPlaneGrants.stream().filter(grant -> refersTo(grant, "subscription", inbox)).forEach(grant ->
                    problems.add(grant + " grants the control plane " + value(tf, grant, "role") + " on " + inbox
                            + ", the warm workers' inbox"));
            List<String> topics = tf.resource(inbox).flatMap(subscription -> subscription.attribute("topic")).stream()
                    .flatMap(topic -> topic.references().stream())
                    .filter(reference -> reference.root().equals("google_pubsub_topic"))
                    .map(Reference::address).toList();
            for (String topic : topics) {
                List<Block> onTopic = controlPlaneGrants.stream().filter(grant -> refersTo(grant, "topic", topic))
                        .toList();
                onTopic.stream().filter(grant -> !"roles/pubsub.publisher".equals(value(tf, grant, "role")))
                        .forEach(grant -> problems.add(grant + " grants the control plane " + value(tf, grant, "role")
                                + " on the warm topic " + topic + "; it may only publish"));
                if (onTopic.stream().noneMatch(grant -> "roles/pubsub.publisher".equals(value(tf, grant, "role")))) {
                    problems.add("the control plane may not publish to the warm topic " + topic
                            + ": no run would reach the warm workers");
                }
            }
        }
        return problems;
    }

    /**
     * The launcher brings each worker pool to its work pool's template through a grant on that worker pool that lets
     * it read and update it but not delete it, acts as the runner to do so, and holds no grant on a worker pool this
     * configuration does not create.
     */
    static List<String> launcherUpdatesWorkerPoolsThroughGrantsOnThem(Terraform tf) {
        List<String> problems = new ArrayList<>();
        List<Block> grants = tf.resources("google_cloud_run_v2_worker_pool_iam_member");
        List<Block> pools = tf.resources("google_cloud_run_v2_worker_pool");
        for (Block pool : pools) {
            List<Block> onPool = grants.stream().filter(grant -> refersTo(grant, "name", pool.address())
                    && refersTo(grant, "member", CONTROL_PLANE)).toList();
            if (onPool.stream().noneMatch(grant -> permits(tf, grant, "run.workerpools.update"))) {
                problems.add(pool + " does not let the launcher update it to its work pool's template (a custom role"
                        + " with run.workerpools.update)");
            }
            onPool.stream().filter(grant -> DELETING_RUN_ROLES.contains(value(tf, grant, "role"))).forEach(grant ->
                    problems.add(grant + " grants the launcher " + value(tf, grant, "role") + " on " + pool.address()
                            + ", which can delete it"));
        }
        for (Block grant : grants) {
            if (grant.attribute("name").map(name -> name.references().stream()
                    .noneMatch(reference -> reference.root().equals("google_cloud_run_v2_worker_pool"))).orElse(true)) {
                problems.add(grant + " is not on a worker pool this configuration creates");
            }
        }
        boolean actsAsRunner = tf.resources("google_service_account_iam_member").stream().anyMatch(grant ->
                refersTo(grant, "service_account_id", RUNNER) && refersTo(grant, "member", CONTROL_PLANE)
                        && "roles/iam.serviceAccountUser".equals(value(tf, grant, "role")));
        if (!pools.isEmpty() && !actsAsRunner) {
            problems.add("the launcher may not act as the runner: updating a worker pool that runs as it fails");
        }
        return problems;
    }

    /**
     * Every subscription retries with back-off and never expires; each one not on a dead-letter topic hands a
     * message that keeps failing to a dead-letter topic, which someone pulls.
     */
    static List<String> subscriptionsRetryAndDeadLetter(Terraform tf) {
        List<String> problems = new ArrayList<>();
        Set<String> deadLetterTopics = deadLetterTopics(tf);
        for (Block subscription : tf.resources("google_pubsub_subscription")) {
            Optional<Block> retry = subscription.block("retry_policy");
            if (retry.isEmpty() || retry.get().attribute("minimum_backoff").isEmpty()
                    || retry.get().attribute("maximum_backoff").isEmpty()) {
                problems.add(subscription + " has no retry_policy with minimum and maximum back-off");
            }
            if (!"".equals(subscription.block("expiration_policy").map(policy -> value(tf, policy, "ttl")).orElse(null))) {
                problems.add(subscription + " has no expiration_policy { ttl = \"\" }: it is deleted after 31 quiet days");
            }
            boolean onDeadLetterTopic = deadLetterTopics.stream().anyMatch(topic -> refersTo(subscription, "topic", topic));
            if (onDeadLetterTopic) {
                continue;
            }
            Optional<Block> deadLetter = subscription.block("dead_letter_policy");
            if (deadLetter.isEmpty()) {
                problems.add(subscription + " has no dead_letter_policy: a dispatch that keeps failing is retried forever");
                continue;
            }
            Optional<Expression> target = deadLetter.get().attribute("dead_letter_topic");
            if (target.isEmpty() || target.get().references().stream()
                    .noneMatch(reference -> reference.root().equals("google_pubsub_topic"))) {
                problems.add(subscription + "'s dead_letter_policy names no topic of this configuration");
            } else if (subscription.attribute("topic").map(topic -> topic.references().stream().map(Reference::address)
                    .anyMatch(address -> target.get().refersTo(address))).orElse(false)) {
                problems.add(subscription + " dead-letters into its own topic");
            }
            Object attempts = value(tf, deadLetter.get(), "max_delivery_attempts");
            if (!(attempts instanceof Long count && count >= 5 && count <= 100)) {
                problems.add(subscription + "'s max_delivery_attempts is " + attempts + ", not 5 to 100");
            }
        }
        for (String topic : deadLetterTopics) {
            if (tf.resources("google_pubsub_subscription").stream().noneMatch(s -> refersTo(s, "topic", topic))) {
                problems.add("nothing subscribes to the dead-letter topic " + topic + ": dead dispatches go unnoticed");
            }
        }
        return problems;
    }

    /**
     * Pub/Sub's service agent may publish to each dead-letter topic and pull each subscription that dead-letters,
     * without which dead-lettering silently does not happen.
     */
    static List<String> serviceAgentCanDeadLetter(Terraform tf) {
        List<String> problems = new ArrayList<>();
        for (Block subscription : tf.resources("google_pubsub_subscription")) {
            Optional<Expression> target = subscription.block("dead_letter_policy")
                    .flatMap(policy -> policy.attribute("dead_letter_topic"));
            if (target.isEmpty()) {
                continue;
            }
            boolean publishes = tf.resources("google_pubsub_topic_iam_member").stream().anyMatch(grant ->
                    grant.attribute("topic").map(topic -> topic.references().stream().map(Reference::address)
                            .anyMatch(address -> target.get().refersTo(address))).orElse(false)
                    && "roles/pubsub.publisher".equals(value(tf, grant, "role")) && isPubSubServiceAgent(tf, grant));
            if (!publishes) {
                problems.add(subscription + ": Pub/Sub's service agent may not publish to its dead-letter topic");
            }
            boolean pulls = tf.resources("google_pubsub_subscription_iam_member").stream().anyMatch(grant ->
                    refersTo(grant, "subscription", subscription.address())
                    && "roles/pubsub.subscriber".equals(value(tf, grant, "role")) && isPubSubServiceAgent(tf, grant));
            if (!pulls) {
                problems.add(subscription + ": Pub/Sub's service agent may not pull it to forward dead letters");
            }
        }
        return problems;
    }

    /** Buckets: uniform bucket-level access, public access prevented, and a lifecycle rule. */
    static List<String> bucketsAreUniformAndExpire(Terraform tf) {
        List<String> problems = new ArrayList<>();
        for (Block bucket : tf.resources("google_storage_bucket")) {
            if (!Boolean.TRUE.equals(value(tf, bucket, "uniform_bucket_level_access"))) {
                problems.add(bucket + " lacks uniform_bucket_level_access = true");
            }
            if (!"enforced".equals(value(tf, bucket, "public_access_prevention"))) {
                problems.add(bucket + " lacks public_access_prevention = \"enforced\"");
            }
            if (bucket.blocks("lifecycle_rule").stream()
                    .noneMatch(rule -> rule.block("action").isPresent() && rule.block("condition").isPresent())) {
                problems.add(bucket + " has no lifecycle_rule with a condition and an action");
            }
        }
        return problems;
    }

    /** Cloud SQL: no public IPv4 address, a private network, automated backups with point-in-time recovery. */
    static List<String> cloudSqlIsPrivateAndBackedUp(Terraform tf) {
        List<String> problems = new ArrayList<>();
        for (Block instance : tf.resources("google_sql_database_instance")) {
            Optional<Block> ip = instance.block("settings", "ip_configuration");
            if (ip.isEmpty() || !Boolean.FALSE.equals(value(tf, ip.get(), "ipv4_enabled"))) {
                problems.add(instance + " does not set ip_configuration.ipv4_enabled = false: it gets a public address");
            }
            if (ip.isPresent() && ip.get().attribute("private_network").isEmpty()) {
                problems.add(instance + " has no private_network: nothing could reach it");
            }
            if (ip.isPresent() && !ip.get().blocks("authorized_networks").isEmpty()) {
                problems.add(instance + " has authorized_networks");
            }
            Optional<Block> backups = instance.block("settings", "backup_configuration");
            if (backups.isEmpty() || !Boolean.TRUE.equals(value(tf, backups.get(), "enabled"))) {
                problems.add(instance + " has no automated backups (backup_configuration.enabled = true)");
            } else if (!Boolean.TRUE.equals(value(tf, backups.get(), "point_in_time_recovery_enabled"))) {
                problems.add(instance + " has no point-in-time recovery");
            }
        }
        return problems;
    }

    /** IAM is granted member by member: an authoritative binding or policy would remove grants made elsewhere. */
    static List<String> grantsAreAdditive(Terraform tf) {
        return tf.blocks("resource").stream()
                .filter(block -> IAM_RESOURCE.matcher(block.labels().getFirst()).matches()
                        && !block.labels().getFirst().endsWith("_member"))
                .map(block -> block + " is authoritative; use an _iam_member resource").toList();
    }

    /**
     * The control plane's settings in the VM's startup script name the resources made for them: the dispatch
     * topic, the subscription that dead-letters and the one on its dead-letter topic, the bucket, the database.
     */
    static List<String> controlPlaneSettingsNameTheResources(Terraform tf) {
        List<String> problems = new ArrayList<>();
        Optional<Expression> settings = controlPlaneSettings(tf);
        if (settings.isEmpty()) {
            return List.of("no google_compute_instance passes settings to a templatefile startup-script");
        }
        Set<String> deadLetterTopics = deadLetterTopics(tf);
        expectReference(tf, settings.get(), "RUNWAY_PUBSUB_SUBSCRIPTION", "google_pubsub_subscription",
                block -> block.block("dead_letter_policy").isPresent(), "a subscription with a dead-letter policy", problems);
        expectReference(tf, settings.get(), "RUNWAY_PUBSUB_DEADLETTERSUBSCRIPTION", "google_pubsub_subscription",
                block -> deadLetterTopics.stream().anyMatch(topic -> refersTo(block, "topic", topic)),
                "the subscription of a dead-letter topic", problems);
        expectReference(tf, settings.get(), "RUNWAY_PUBSUB_TOPIC", "google_pubsub_topic",
                block -> !deadLetterTopics.contains(block.address()), "the dispatch topic", problems);
        expectReference(tf, settings.get(), "RUNWAY_RESULTS_STORE", "google_storage_bucket", block -> true,
                "a bucket", problems);
        expectReference(tf, settings.get(), "RUNWAY_CLOUDSQL_INSTANCE", "google_sql_database_instance", block -> true,
                "the Cloud SQL instance", problems);
        for (String literal : List.of("RUNWAY_TRANSPORT=pubsub", "RUNWAY_CLOUDRUN_ENABLED=true",
                "RUNWAY_PORT=" + API_PORT)) {
            String[] setting = literal.split("=");
            Object value = settings.get().field(setting[0]).map(tf::value).orElse(null);
            if (!setting[1].equals(value)) {
                problems.add("the control plane's " + setting[0] + " is " + value + ", not " + setting[1]);
            }
        }
        return problems;
    }

    /**
     * Every variable used is declared and every declared one is used; the example variables file sets only
     * declared variables and every one that has no default.
     */
    static List<String> variablesDeclaredAndUsed(Terraform tf, Map<String, Expression> example) {
        List<String> problems = new ArrayList<>();
        Map<String, Block> declared = tf.variables();
        Set<String> used = new TreeSet<>();
        for (Block block : tf.blocks()) {
            for (Reference reference : block.references()) {
                if (reference.root().equals("var") && reference.path().size() > 1) {
                    used.add(reference.path().get(1));
                    if (!declared.containsKey(reference.path().get(1))) {
                        problems.add(reference + " is not declared");
                    }
                }
            }
        }
        declared.forEach((name, variable) -> {
            if (!used.contains(name)) {
                problems.add("variable " + name + " (" + variable.at() + ") is declared but never used");
            }
            if (variable.attribute("default").isEmpty() && !example.containsKey(name)) {
                problems.add("variable " + name + " has no default and terraform.tfvars.example does not set it");
            }
        });
        example.forEach((name, value) -> {
            if (!declared.containsKey(name)) {
                problems.add(value.at() + ": " + name + " is not a declared variable");
            }
        });
        return problems;
    }

    /**
     * Every reference points at something declared (resource, data source, local), {@code each} appears only under
     * for_each and {@code count} under count, every local is used, no address is declared twice, and every
     * templatefile exists and gets exactly the variables it uses.
     */
    static List<String> referencesResolve(Terraform tf) {
        List<String> problems = new ArrayList<>();
        Set<String> declared = new TreeSet<>();
        for (Block block : tf.blocks()) {
            if (!block.type().equals("locals") && !block.type().equals("terraform")
                    && !declared.add(block.type() + " " + block.address())) {
                problems.add(block + " is declared twice");
            }
        }
        Map<String, Expression> locals = tf.locals();
        Set<String> usedLocals = new TreeSet<>();
        for (Block block : tf.blocks()) {
            for (Reference reference : block.references()) {
                String problem = switch (reference.root()) {
                    case "var", "path", "terraform", "self" -> null;
                    case "local" -> {
                        usedLocals.add(reference.path().get(1));
                        yield locals.containsKey(reference.path().get(1)) ? null : "no such local";
                    }
                    case "data" -> reference.path().size() > 2 && declared.contains("data "
                            + reference.path().get(1) + "." + reference.path().get(2)) ? null : "no such data source";
                    case "each" -> block.attribute("for_each").isPresent() ? null : "each outside a for_each block";
                    case "count" -> block.attribute("count").isPresent() ? null : "count outside a count block";
                    case "module" -> "no module is declared";
                    default -> reference.path().size() > 1 && declared.contains("resource " + reference.address())
                            ? null : "no such resource";
                };
                if (problem != null) {
                    problems.add(reference + ": " + problem);
                }
            }
        }
        locals.forEach((name, value) -> {
            if (!usedLocals.contains(name)) {
                problems.add("local " + name + " (" + value.at() + ") is never used");
            }
        });
        for (Block block : tf.blocks()) {
            attributesWithin(block).forEach(value -> problems.addAll(templateFileProblems(tf, value)));
        }
        return problems;
    }

    /** No string holds an interpolation the parser left unread (as in a heredoc), which would hide references. */
    static List<String> everyInterpolationIsParsed(Terraform tf) {
        List<String> problems = new ArrayList<>();
        for (Block block : tf.blocks()) {
            attributesWithin(block).forEach(value -> value.strings().stream()
                    .filter(text -> text.contains("${") || text.contains("%{"))
                    .forEach(text -> problems.add(value.at() + ": an interpolation hcl4j does not parse (a heredoc?);"
                            + " use a quoted string or templatefile()")));
        }
        return problems;
    }

    private static List<Expression> attributesWithin(Block block) {
        List<Expression> values = new ArrayList<>(block.attributes().values());
        block.blocks().forEach(inner -> values.addAll(attributesWithin(inner)));
        return values;
    }

    private static List<String> templateFileProblems(Terraform tf, Expression value) {
        List<String> problems = new ArrayList<>();
        for (List<Expression> arguments : value.calls("templatefile")) {
            String file = String.join("", arguments.getFirst().strings()).replaceFirst("^/", "");
            Path template = tf.folder().resolve(file);
            if (!Files.isRegularFile(template)) {
                problems.add(value.at() + ": templatefile " + file + " does not exist");
                continue;
            }
            Set<String> given = arguments.size() > 1 ? arguments.get(1).fieldNames() : Set.of();
            Set<String> used = templateVariables(template);
            for (String name : used) {
                if (!given.contains(name)) {
                    problems.add(value.at() + ": " + file + " uses ${" + name + "}, which templatefile is not given");
                }
            }
            for (String name : given) {
                if (!used.contains(name)) {
                    problems.add(value.at() + ": " + file + " is given " + name + " but never uses it");
                }
            }
        }
        return problems;
    }

    /** The names a template reads: {@code ${name…}} and {@code %{ for … in name }}, less its loop variables. */
    private static Set<String> templateVariables(Path template) {
        try {
            Set<String> used = new TreeSet<>();
            Set<String> loopVariables = new TreeSet<>();
            Matcher matcher = TEMPLATE_NAME.matcher(Files.readString(template));
            while (matcher.find()) {
                if (matcher.group(1) != null) {
                    loopVariables.add(matcher.group(1));
                }
                if (matcher.group(2) != null) {
                    loopVariables.add(matcher.group(2));
                }
                used.add(matcher.group(3));
            }
            used.removeAll(loopVariables);
            used.removeAll(Set.of("endfor", "else", "endif"));
            return used;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Problems of a runner's way into the VPC: {@code where}'s vpc_access block of {@code template}. */
    private static List<String> vpcAccessProblems(Terraform tf, Block runner, Optional<Block> template, String where) {
        Optional<Block> access = template.flatMap(block -> block.block("vpc_access"));
        if (access.isEmpty()) {
            return List.of(runner + " has no " + where + ": runners could not reach the control plane");
        }
        List<String> problems = new ArrayList<>();
        if (!refersTo(access.get(), "connector", "google_vpc_access_connector")) {
            problems.add(runner + "'s vpc_access does not name this configuration's connector");
        }
        Object egress = value(tf, access.get(), "egress");
        if (!"PRIVATE_RANGES_ONLY".equals(egress) && !"ALL_TRAFFIC".equals(egress)) {
            problems.add(runner + "'s vpc_access egress is " + egress);
        }
        return problems;
    }

    /** The subscriptions the worker pools' RUNWAY_WARM_INBOX name: where warm workers take their starts from. */
    private static Set<String> warmInboxes(Terraform tf) {
        Set<String> inboxes = new TreeSet<>();
        for (Block pool : tf.resources("google_cloud_run_v2_worker_pool")) {
            pool.block("template").stream().flatMap(template -> template.blocks("containers").stream())
                    .flatMap(container -> env(container, WARM_INBOX).stream())
                    .flatMap(inbox -> inbox.references().stream())
                    .filter(reference -> reference.root().equals("google_pubsub_subscription"))
                    .forEach(reference -> inboxes.add(reference.address()));
        }
        return inboxes;
    }

    /** The value a container's {@code env} block gives the variable {@code name}. */
    private static Optional<Expression> env(Block container, String name) {
        return container.blocks("env").stream()
                .filter(env -> env.attribute("name").map(Expression::strings).orElse(List.of()).equals(List.of(name)))
                .flatMap(env -> env.attribute("value").stream()).findFirst();
    }

    private static List<Block> ingressRules(Terraform tf) {
        return tf.resources("google_compute_firewall").stream()
                .filter(rule -> !"EGRESS".equals(value(tf, rule, "direction"))).toList();
    }

    /** Whether an allow block of the rule admits TCP on this port. */
    private static boolean opens(Terraform tf, Block rule, long port) {
        for (Block allow : rule.blocks("allow")) {
            Object protocol = value(tf, allow, "protocol");
            if (!"tcp".equals(protocol) && !"all".equals(protocol) && !"6".equals(protocol)) {
                continue;
            }
            Optional<Expression> ports = allow.attribute("ports");
            if (ports.isEmpty()) {
                return true;
            }
            if (!(tf.value(ports.get()) instanceof List<?> list)) {
                return true;
            }
            for (Object spec : list) {
                String[] range = String.valueOf(spec).split("-");
                try {
                    long low = Long.parseLong(range[0]);
                    long high = Long.parseLong(range[range.length - 1]);
                    if (low <= port && port <= high) {
                        return true;
                    }
                } catch (NumberFormatException unknown) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A rule's source ranges as the configuration fixes them; a rule without any admits everything. */
    private static List<Object> sources(Terraform tf, Block rule, List<String> problems) {
        Optional<Expression> ranges = rule.attribute("source_ranges");
        if (ranges.isEmpty()) {
            problems.add(rule + " has no source_ranges, which Google reads as 0.0.0.0/0");
            return List.of("0.0.0.0/0");
        }
        Object value = tf.value(ranges.get());
        if (!(value instanceof List<?> list) || list.stream().anyMatch(Unknown.class::isInstance)) {
            problems.add(rule + "'s source_ranges are not fixed by the configuration: " + value);
            return List.of();
        }
        return List.copyOf(list);
    }

    /** Grants of any IAM resource type whose member is this service account. */
    private static List<Block> grantsTo(Terraform tf, String account) {
        return tf.blocks("resource").stream()
                .filter(block -> IAM_RESOURCE.matcher(block.labels().getFirst()).matches())
                .filter(block -> refersTo(block, "member", account) || refersTo(block, "members", account)
                        || refersTo(block, "policy_data", account))
                .toList();
    }

    /** {@code project} for google_project_iam_member, {@code storage_bucket} for google_storage_bucket_iam_member. */
    private static String scope(Block grant) {
        Matcher matcher = IAM_RESOURCE.matcher(grant.labels().getFirst());
        return matcher.matches() ? matcher.group(1) : grant.labels().getFirst();
    }

    /** Whether the grant's role is a custom role of this configuration that includes the permission. */
    private static boolean permits(Terraform tf, Block grant, String permission) {
        return grant.attribute("role").stream().flatMap(role -> role.references().stream())
                .map(reference -> tf.resource(reference.address()))
                .flatMap(Optional::stream)
                .filter(role -> role.labels().getFirst().equals("google_project_iam_custom_role"))
                .anyMatch(role -> value(tf, role, "permissions") instanceof List<?> permissions
                        && permissions.contains(permission));
    }

    private static Set<String> deadLetterTopics(Terraform tf) {
        Set<String> topics = new TreeSet<>();
        for (Block subscription : tf.resources("google_pubsub_subscription")) {
            subscription.block("dead_letter_policy").flatMap(policy -> policy.attribute("dead_letter_topic"))
                    .ifPresent(topic -> topic.references().stream()
                            .filter(reference -> reference.root().equals("google_pubsub_topic"))
                            .forEach(reference -> topics.add(reference.address())));
        }
        return topics;
    }

    private static boolean isPubSubServiceAgent(Terraform tf, Block grant) {
        return grant.attribute("member").map(member -> strings(tf, member).stream()
                .anyMatch(text -> text.contains("@gcp-sa-pubsub.iam.gserviceaccount.com"))).orElse(false);
    }

    /** The string literals of an expression and of the locals it uses. */
    private static List<String> strings(Terraform tf, Expression expression) {
        List<String> found = new ArrayList<>(expression.strings());
        for (Reference reference : expression.references()) {
            if (reference.root().equals("local") && tf.locals().containsKey(reference.path().get(1))) {
                found.addAll(strings(tf, tf.locals().get(reference.path().get(1))));
            }
        }
        return found;
    }

    /** Buckets named by the control plane's runway.results.store. */
    private static Set<String> resultBuckets(Terraform tf) {
        Set<String> buckets = new TreeSet<>();
        controlPlaneSettings(tf).flatMap(settings -> settings.field("RUNWAY_RESULTS_STORE"))
                .ifPresent(store -> store.references().stream()
                        .filter(reference -> reference.root().equals("google_storage_bucket"))
                        .forEach(reference -> buckets.add(reference.address())));
        return buckets;
    }

    /** The {@code settings} the VM's startup-script template is given: the control plane's environment. */
    private static Optional<Expression> controlPlaneSettings(Terraform tf) {
        return tf.resources("google_compute_instance").stream()
                .flatMap(vm -> vm.attribute("metadata").flatMap(metadata -> metadata.field("startup-script")).stream())
                .flatMap(script -> script.calls("templatefile").stream())
                .filter(arguments -> arguments.size() > 1)
                .flatMap(arguments -> arguments.get(1).field("settings").stream())
                .findFirst();
    }

    private static void expectReference(Terraform tf, Expression settings, String setting, String type,
                                        Predicate<Block> fits, String what, List<String> problems) {
        List<Block> named = settings.field(setting).stream().flatMap(value -> value.references().stream())
                .filter(reference -> reference.root().equals(type))
                .map(reference -> tf.resource(reference.address())).flatMap(Optional::stream).toList();
        if (named.isEmpty() || !named.stream().allMatch(fits)) {
            problems.add("the control plane's " + setting + " does not name " + what);
        }
    }

    /** Whether the attribute refers to {@code address}: a resource's {@code type.name}, or a type for any of it. */
    private static boolean refersTo(Block block, String attribute, String address) {
        return block.attribute(attribute).map(value -> address.contains(".") ? value.refersTo(address)
                : value.references().stream().anyMatch(reference -> reference.root().equals(address))).orElse(false);
    }

    private static Object value(Terraform tf, Block block, String attribute) {
        return block.attribute(attribute).map(tf::value).orElse(null);
    }
}
