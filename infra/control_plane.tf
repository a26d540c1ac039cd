# The control plane: one VM without an external address, running the Spring Boot jar under systemd. Its service
# account is the launcher's identity too (the Cloud Run launcher and the Pub/Sub consumer run in this process).

resource "google_service_account" "control_plane" {
  account_id   = "${var.name}-control-plane"
  display_name = "Runway control plane and launcher"
  depends_on   = [google_project_service.apis]
}

# A fixed address, so runners (runway.api-url) and Cloud Build keep reaching the API when the VM is replaced.
resource "google_compute_address" "control_plane" {
  name         = "${var.name}-control-plane"
  region       = var.region
  subnetwork   = google_compute_subnetwork.main.id
  address_type = "INTERNAL"
}

resource "google_compute_instance" "control_plane" {
  name                      = "${var.name}-control-plane"
  zone                      = var.zone
  machine_type              = var.control_plane_machine_type
  allow_stopping_for_update = true

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
      size  = var.control_plane_disk_gb
      type  = "pd-balanced"
    }
  }

  # No access_config block: the VM has no external address. Outbound traffic leaves through Cloud NAT.
  network_interface {
    subnetwork = google_compute_subnetwork.main.id
    network_ip = google_compute_address.control_plane.address
  }

  service_account {
    email  = google_service_account.control_plane.email
    scopes = ["cloud-platform"]
  }

  shielded_instance_config {
    enable_secure_boot          = true
    enable_vtpm                 = true
    enable_integrity_monitoring = true
  }

  metadata = {
    enable-oslogin         = "TRUE"
    block-project-ssh-keys = "TRUE"
    # Runs at every boot; `sudo google_metadata_script_runner startup` runs it again (e.g. after a new jar).
    startup-script = templatefile("${path.module}/startup.sh.tftpl", {
      project            = var.project_id
      jar_uri            = "gs://${google_storage_bucket.releases.name}/${var.control_plane_jar_object}"
      api_key_secret     = google_secret_manager_secret.api_key.secret_id
      token_secret       = google_secret_manager_secret.token_secret.secret_id
      db_password_secret = google_secret_manager_secret.db_password.secret_id
      java_options       = var.control_plane_java_options
      settings = {
        RUNWAY_HOME                          = "/var/lib/runway"
        RUNWAY_PORT                          = tostring(local.api_port)
        RUNWAY_APIURL                        = local.api_url
        RUNWAY_DEPLOYMENTS_REGISTERONSTART   = "false"
        RUNWAY_TRANSPORT                     = "pubsub"
        RUNWAY_PUBSUB_PROJECTID              = var.project_id
        RUNWAY_PUBSUB_TOPIC                  = google_pubsub_topic.dispatch.name
        RUNWAY_PUBSUB_SUBSCRIPTION           = google_pubsub_subscription.launcher.name
        RUNWAY_PUBSUB_DEADLETTERSUBSCRIPTION = google_pubsub_subscription.dead_letters.name
        RUNWAY_RESULTS_STORE                 = "gs://${google_storage_bucket.results.name}/results"
        RUNWAY_CLOUDSQL_INSTANCE             = google_sql_database_instance.main.connection_name
        RUNWAY_CLOUDSQL_DATABASE             = google_sql_database.runway.name
        RUNWAY_CLOUDSQL_USER                 = google_sql_user.runway.name
        RUNWAY_CLOUDRUN_ENABLED              = "true"
        RUNWAY_CLOUDRUN_PROJECT              = var.project_id
        RUNWAY_CLOUDRUN_REGION               = var.region
        RUNWAY_RETENTION_FINISHEDRUNS        = "${var.retention_days}d"
      }
    })
  }

  depends_on = [google_compute_router_nat.main]
}

locals {
  api_url = "http://${google_compute_address.control_plane.address}:${local.api_port}"
}

# What the control plane may do, each on the one resource it concerns. Cloud SQL Client cannot be granted on an
# instance, so it is granted on the project with a condition naming the instance.
resource "google_project_iam_member" "control_plane_sql_client" {
  project = var.project_id
  role    = "roles/cloudsql.client"
  member  = google_service_account.control_plane.member

  condition {
    title      = "runway-instance-only"
    expression = "resource.type == 'sqladmin.googleapis.com/Instance' && resource.name == 'projects/${var.project_id}/instances/${google_sql_database_instance.main.name}'"
  }
}

# The Ops Agent ships the control plane's journal and the VM's metrics; project-wide by nature, and writing only.
resource "google_project_iam_member" "control_plane_log_writer" {
  project = var.project_id
  role    = "roles/logging.logWriter"
  member  = google_service_account.control_plane.member
}

resource "google_project_iam_member" "control_plane_metric_writer" {
  project = var.project_id
  role    = "roles/monitoring.metricWriter"
  member  = google_service_account.control_plane.member
}

resource "google_secret_manager_secret_iam_member" "control_plane_api_key" {
  secret_id = google_secret_manager_secret.api_key.id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.control_plane.member
}

resource "google_secret_manager_secret_iam_member" "control_plane_token_secret" {
  secret_id = google_secret_manager_secret.token_secret.id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.control_plane.member
}

resource "google_secret_manager_secret_iam_member" "control_plane_db_password" {
  secret_id = google_secret_manager_secret.db_password.id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.control_plane.member
}

# Reads results back (the runners write them); never writes or deletes.
resource "google_storage_bucket_iam_member" "control_plane_results" {
  bucket = google_storage_bucket.results.name
  role   = "roles/storage.objectViewer"
  member = google_service_account.control_plane.member
}

resource "google_storage_bucket_iam_member" "control_plane_releases" {
  bucket = google_storage_bucket.releases.name
  role   = "roles/storage.objectViewer"
  member = google_service_account.control_plane.member
}

# People who operate the VM: IAP tunnel and OS Login on this instance only, and acting as its service account
# (which OS Login requires on a VM that has one).
resource "google_iap_tunnel_instance_iam_member" "operators" {
  for_each = toset(var.operators)
  zone     = var.zone
  instance = google_compute_instance.control_plane.name
  role     = "roles/iap.tunnelResourceAccessor"
  member   = each.value
}

resource "google_compute_instance_iam_member" "operators" {
  for_each      = toset(var.operators)
  zone          = var.zone
  instance_name = google_compute_instance.control_plane.name
  role          = "roles/compute.osAdminLogin"
  member        = each.value
}

resource "google_service_account_iam_member" "operators_act_as_control_plane" {
  for_each           = toset(var.operators)
  service_account_id = google_service_account.control_plane.name
  role               = "roles/iam.serviceAccountUser"
  member             = each.value
}
