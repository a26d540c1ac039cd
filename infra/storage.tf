# Two buckets, kept apart so the runners, which may write results, can never touch what the VM executes.

# Results: runners write each run's result under results/, the control plane reads them back. Objects are deleted
# after retention_days, as the control plane deletes the runs themselves (runway.retention.finished-runs).
resource "google_storage_bucket" "results" {
  name                        = "${var.project_id}-${var.name}-results"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false

  lifecycle_rule {
    condition {
      age = var.retention_days
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_project_service.apis]
}

# Runners create result objects and read task results and cache entries; they cannot delete or overwrite one.
resource "google_storage_bucket_iam_member" "runner_creates_results" {
  bucket = google_storage_bucket.results.name
  role   = "roles/storage.objectCreator"
  member = google_service_account.runner.member
}

resource "google_storage_bucket_iam_member" "runner_reads_results" {
  bucket = google_storage_bucket.results.name
  role   = "roles/storage.objectViewer"
  member = google_service_account.runner.member
}

# Releases: the control-plane jar the VM fetches at boot. Versioned, so a bad upload can be rolled back; old
# versions go after release_retention_days.
resource "google_storage_bucket" "releases" {
  name                        = "${var.project_id}-${var.name}-releases"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false

  versioning {
    enabled = true
  }

  lifecycle_rule {
    condition {
      days_since_noncurrent_time = var.release_retention_days
      with_state                 = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_project_service.apis]
}
