# Dispatch: the control plane publishes each PENDING run's outbox row to the topic and its launcher pulls the
# subscription. A dispatch that keeps failing is moved to the dead-letter topic after max_delivery_attempts, whose
# subscription the control plane also pulls to end that run CRASHED (README, Pub/Sub).

resource "google_pubsub_topic" "dispatch" {
  name       = "${var.name}-dispatch"
  depends_on = [google_project_service.apis]
}

resource "google_pubsub_topic" "dead_letters" {
  name       = "${var.name}-dispatch-dlq"
  depends_on = [google_project_service.apis]
}

resource "google_pubsub_subscription" "launcher" {
  name                       = "${var.name}-launcher"
  topic                      = google_pubsub_topic.dispatch.id
  ack_deadline_seconds       = 60
  message_retention_duration = "604800s"

  # A nacked launch (its infrastructure refused it) comes back after a growing back-off.
  retry_policy {
    minimum_backoff = var.dispatch_min_backoff
    maximum_backoff = var.dispatch_max_backoff
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letters.id
    max_delivery_attempts = var.dispatch_max_delivery_attempts
  }

  # Never expire for want of traffic: a quiet month must not delete the launcher's subscription.
  expiration_policy {
    ttl = ""
  }
}

resource "google_pubsub_subscription" "dead_letters" {
  name                       = "${var.name}-dispatch-dlq-launcher"
  topic                      = google_pubsub_topic.dead_letters.id
  ack_deadline_seconds       = 60
  message_retention_duration = "604800s"

  retry_policy {
    minimum_backoff = var.dispatch_min_backoff
    maximum_backoff = var.dispatch_max_backoff
  }

  expiration_policy {
    ttl = ""
  }
}

resource "google_pubsub_topic_iam_member" "control_plane_publishes_dispatches" {
  topic  = google_pubsub_topic.dispatch.id
  role   = "roles/pubsub.publisher"
  member = google_service_account.control_plane.member
}

resource "google_pubsub_subscription_iam_member" "control_plane_pulls_dispatches" {
  subscription = google_pubsub_subscription.launcher.id
  role         = "roles/pubsub.subscriber"
  member       = google_service_account.control_plane.member
}

resource "google_pubsub_subscription_iam_member" "control_plane_pulls_dead_letters" {
  subscription = google_pubsub_subscription.dead_letters.id
  role         = "roles/pubsub.subscriber"
  member       = google_service_account.control_plane.member
}

# Pub/Sub's own service agent moves messages to the dead-letter topic: without these two grants dead-lettering
# silently does not happen.
locals {
  pubsub_service_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

resource "google_pubsub_topic_iam_member" "service_agent_publishes_dead_letters" {
  topic  = google_pubsub_topic.dead_letters.id
  role   = "roles/pubsub.publisher"
  member = local.pubsub_service_agent
}

resource "google_pubsub_subscription_iam_member" "service_agent_forwards_from_launcher" {
  subscription = google_pubsub_subscription.launcher.id
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_service_agent
}
