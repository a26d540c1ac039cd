# The warm lane (off unless warm_lane_instances > 0): a Cloud Run worker pool whose instances run the runner with
# --warm, already started, and take each run's start from their own Pub/Sub subscription instead of a job execution
# starting a JVM per run. The control plane publishes one start message per run of the `cloud-run-worker-pool` work
# pool (output warm_work_pool) to the topic, and brings the worker pool to that pool's template (image, env,
# instances) through WorkerPoolsClient, as it does a runner job. Its instances are billed while they are up, runs or
# no runs (README, The warm lane).

locals {
  warm_lane = var.warm_lane_instances > 0 ? 1 : 0
}

resource "google_pubsub_topic" "warm" {
  count      = local.warm_lane
  name       = "${var.name}-warm-${var.warm_pool}"
  depends_on = [google_project_service.apis]
}

resource "google_pubsub_subscription" "warm" {
  count                = local.warm_lane
  name                 = "${var.name}-warm-${var.warm_pool}"
  topic                = google_pubsub_topic.warm[0].id
  ack_deadline_seconds = 60
  # A start no worker took within the control plane's launch timeout (runway.crash.launch-timeout, 2 minutes) has
  # had its run ended CRASHED: Pub/Sub's shortest retention, 10 minutes, is plenty.
  message_retention_duration = "600s"

  retry_policy {
    minimum_backoff = var.dispatch_min_backoff
    maximum_backoff = var.dispatch_max_backoff
  }

  # A start no warm worker can take goes where a failing dispatch goes: the control plane ends that run CRASHED.
  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letters.id
    max_delivery_attempts = var.dispatch_max_delivery_attempts
  }

  expiration_policy {
    ttl = ""
  }
}

resource "google_cloud_run_v2_worker_pool" "warm" {
  count    = local.warm_lane
  name     = var.warm_worker_pool
  location = var.region
  # It holds no state, and warm_lane_instances = 0 must be able to remove it.
  deletion_protection = false

  labels = {
    managed-by  = "runway"
    runway-pool = var.warm_pool
  }

  scaling {
    scaling_mode          = "MANUAL"
    manual_instance_count = var.warm_lane_instances
  }

  template {
    service_account = google_service_account.runner.email

    containers {
      name  = "runner"
      image = var.runner_image
      args  = ["--warm"]

      resources {
        limits = {
          cpu    = var.warm_lane_cpu
          memory = var.warm_lane_memory
        }
      }

      env {
        name  = "RUNWAY_WARM_INBOX"
        value = "pubsub:projects/${var.project_id}/subscriptions/${google_pubsub_subscription.warm[0].name}"
      }
      env {
        name  = "RUNWAY_API_URL"
        value = local.api_url
      }
      env {
        name  = "RUNWAY_RESULT_STORE"
        value = "gs://${google_storage_bucket.results.name}/results"
      }
    }

    # The jobs' way to the control plane: the connector for private ranges, Google APIs (Pub/Sub, GCS) directly.
    vpc_access {
      connector = google_vpc_access_connector.main.id
      egress    = "PRIVATE_RANGES_ONLY"
    }
  }

  # As with the jobs, the control plane owns the template, the instance count and the labels once it has the work
  # pool: it rewrites them from the pool's template (a new image from Cloud Build included).
  lifecycle {
    ignore_changes = [template, scaling, labels, client, client_version]
  }

  depends_on = [google_pubsub_subscription_iam_member.runner_pulls_warm_starts]
}

# Warm workers pull their starts from this subscription alone; nothing else in Pub/Sub is theirs.
resource "google_pubsub_subscription_iam_member" "runner_pulls_warm_starts" {
  count        = local.warm_lane
  subscription = google_pubsub_subscription.warm[0].id
  role         = "roles/pubsub.subscriber"
  member       = google_service_account.runner.member
}

resource "google_pubsub_topic_iam_member" "control_plane_publishes_warm_starts" {
  count  = local.warm_lane
  topic  = google_pubsub_topic.warm[0].id
  role   = "roles/pubsub.publisher"
  member = google_service_account.control_plane.member
}

resource "google_pubsub_subscription_iam_member" "service_agent_forwards_from_warm" {
  count        = local.warm_lane
  subscription = google_pubsub_subscription.warm[0].id
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_service_agent
}

# Bring the worker pool to the work pool's template, on this worker pool only: roles/run.developer, the predefined
# role for that, can also delete it. Updating it also means acting as the runner (launcher_acts_as_runner).
resource "google_project_iam_custom_role" "worker_pool_updater" {
  role_id     = "${replace(var.name, "-", "_")}_worker_pool_updater"
  title       = "Runway worker pool updater"
  description = "Reads and updates the Runway warm lane's worker pool; granted on that worker pool only."
  permissions = ["run.workerpools.get", "run.workerpools.update"]
}

resource "google_cloud_run_v2_worker_pool_iam_member" "launcher_updates_warm_workers" {
  count    = local.warm_lane
  location = var.region
  name     = google_cloud_run_v2_worker_pool.warm[0].name
  role     = google_project_iam_custom_role.worker_pool_updater.id
  member   = google_service_account.control_plane.member
}
