# CI/CD: on every push to the branch, Cloud Build runs cloudbuild.yaml (tests, image, job templates,
# `runway deploy --all`) in a private pool peered to the VPC, the only builds that can reach the control plane.

resource "google_service_account" "build" {
  account_id   = "${var.name}-build"
  display_name = "Runway Cloud Build"
  depends_on   = [google_project_service.apis]
}

resource "google_cloudbuild_worker_pool" "private" {
  name     = var.name
  location = var.region

  worker_config {
    machine_type   = var.build_machine_type
    disk_size_gb   = var.build_disk_gb
    no_external_ip = false
  }

  network_config {
    peered_network          = google_compute_network.main.id
    peered_network_ip_range = var.build_pool_cidr
  }

  depends_on = [google_service_networking_connection.private_services]
}

resource "google_cloudbuild_trigger" "push" {
  name            = "${var.name}-push"
  location        = var.region
  description     = "Test, build and push the runner image, update the work pools, deploy the flows"
  filename        = "cloudbuild.yaml"
  service_account = google_service_account.build.id

  github {
    owner = var.github_owner
    name  = var.github_repository
    push {
      branch = var.github_branch
    }
  }

  # the names cloudbuild.yaml declares at its top
  substitutions = {
    _REGION            = var.region
    _REPOSITORY        = google_artifact_registry_repository.images.repository_id
    _RUNNER_IMAGE      = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}/runner"
    _CONTROL_PLANE_URL = local.api_url
    _API_KEY_SECRET    = google_secret_manager_secret.api_key.secret_id
    _POOLS             = join(",", concat(keys(var.work_pools), var.warm_lane_instances > 0 ? [var.warm_pool] : []))
    _WORKER_POOL       = google_cloudbuild_worker_pool.private.name
  }
}

# A build running as its own service account writes its log to Cloud Logging itself.
resource "google_project_iam_member" "build_log_writer" {
  project = var.project_id
  role    = "roles/logging.logWriter"
  member  = google_service_account.build.member
}

resource "google_secret_manager_secret_iam_member" "build_reads_api_key" {
  secret_id = google_secret_manager_secret.api_key.id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.build.member
}
