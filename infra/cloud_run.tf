# The runners: one Cloud Run job per work pool, created here so that the control plane never needs the right to
# create jobs. Each pool's base job template (output work_pool_templates) names its job in `job`, so the launcher
# only reads, updates and runs these jobs, and IAM on each job says so.

resource "google_service_account" "runner" {
  account_id   = "${var.name}-runner"
  display_name = "Runway runner (Cloud Run job executions)"
  depends_on   = [google_project_service.apis]
}

resource "google_cloud_run_v2_job" "runner" {
  for_each            = var.work_pools
  name                = "${var.name}-${each.key}"
  location            = var.region
  deletion_protection = var.deletion_protection

  template {
    task_count = 1

    template {
      service_account = google_service_account.runner.email
      timeout         = "${each.value.timeout_seconds}s"
      max_retries     = 0

      containers {
        name  = "runner"
        image = var.runner_image
        resources {
          limits = {
            cpu    = each.value.cpu
            memory = each.value.memory
          }
        }
      }

      # Runners reach the control plane's private address through the connector; Google APIs (GCS) and the
      # internet directly.
      vpc_access {
        connector = google_vpc_access_connector.main.id
        egress    = "PRIVATE_RANGES_ONLY"
      }
    }
  }

  # From the first run on, the control plane owns the job's template and labels: it rewrites them from the work
  # pool's template (a new image from Cloud Build included). Terraform keeps only the job and its IAM.
  lifecycle {
    ignore_changes = [template, labels, client, client_version]
  }
}

# Update a job to the pool's template and watch its executions; Cloud Run's predefined roles that can update a job
# can also delete it.
resource "google_project_iam_custom_role" "job_updater" {
  role_id     = "${replace(var.name, "-", "_")}_job_updater"
  title       = "Runway job updater"
  description = "Reads and updates a Runway runner job and reads its executions; granted on the jobs only."
  permissions = ["run.jobs.get", "run.jobs.update", "run.executions.get", "run.executions.list"]
}

resource "google_cloud_run_v2_job_iam_member" "launcher_runs_with_overrides" {
  for_each = var.work_pools
  location = var.region
  name     = google_cloud_run_v2_job.runner[each.key].name
  role     = "roles/run.jobsExecutorWithOverrides"
  member   = google_service_account.control_plane.member
}

resource "google_cloud_run_v2_job_iam_member" "launcher_updates_job" {
  for_each = var.work_pools
  location = var.region
  name     = google_cloud_run_v2_job.runner[each.key].name
  role     = google_project_iam_custom_role.job_updater.id
  member   = google_service_account.control_plane.member
}

# Updating a job whose executions run as the runner account means acting as it; granted on that one account.
resource "google_service_account_iam_member" "launcher_acts_as_runner" {
  service_account_id = google_service_account.runner.name
  role               = "roles/iam.serviceAccountUser"
  member             = google_service_account.control_plane.member
}
