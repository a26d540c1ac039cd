# Secrets the control plane reads at boot (startup.sh.tftpl) and Cloud Build reads for `runway deploy --all`.
# Their values are generated here, so they are also in the Terraform state: keep the state in a private bucket
# (README, Before you start). Rotating one: `terraform apply -replace=random_password.<name>`, then rerun the
# VM's startup script.

resource "random_password" "api_key" {
  length  = 48
  special = false
}

resource "random_password" "token_secret" {
  length  = 64
  special = false
}

resource "google_secret_manager_secret" "api_key" {
  secret_id = "${var.name}-api-key"
  replication {
    auto {}
  }
  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_version" "api_key" {
  secret      = google_secret_manager_secret.api_key.id
  secret_data = random_password.api_key.result
}

# Signs the runners' per-run tokens (runway.auth.token-secret).
resource "google_secret_manager_secret" "token_secret" {
  secret_id = "${var.name}-token-secret"
  replication {
    auto {}
  }
  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_version" "token_secret" {
  secret      = google_secret_manager_secret.token_secret.id
  secret_data = random_password.token_secret.result
}

resource "google_secret_manager_secret" "db_password" {
  secret_id = "${var.name}-db-password"
  replication {
    auto {}
  }
  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_version" "db_password" {
  secret      = google_secret_manager_secret.db_password.id
  secret_data = random_password.db.result
}
