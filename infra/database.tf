# Cloud SQL for PostgreSQL on a private address only. The control plane reaches it through Google's JDBC socket
# factory (runway.cloud-sql.*) with a password kept in Secret Manager. IAM database authentication is the other
# way the control plane supports, but its IAM user would need GRANTs on the database that only a SQL session can
# give, and nothing outside the VPC can open one: the password keeps `terraform apply` the only step.

resource "google_sql_database_instance" "main" {
  name                = var.name
  region              = var.region
  database_version    = var.db_version
  deletion_protection = var.deletion_protection

  settings {
    # PostgreSQL 16 and later default to Enterprise Plus, which has no small machine types.
    edition                     = "ENTERPRISE"
    tier                        = var.db_tier
    availability_type           = var.db_high_availability ? "REGIONAL" : "ZONAL"
    disk_type                   = "PD_SSD"
    disk_size                   = var.db_disk_gb
    disk_autoresize             = true
    deletion_protection_enabled = var.deletion_protection

    ip_configuration {
      ipv4_enabled       = false
      private_network    = google_compute_network.main.id
      allocated_ip_range = google_compute_global_address.sql.name
      # Only the Cloud SQL connectors (the socket factory) get in: they bring a client certificate.
      ssl_mode = "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"
    }

    backup_configuration {
      enabled                        = true
      start_time                     = "02:00"
      point_in_time_recovery_enabled = true
      transaction_log_retention_days = var.db_log_retention_days

      backup_retention_settings {
        retained_backups = var.db_backup_count
        retention_unit   = "COUNT"
      }
    }

    maintenance_window {
      day          = 7
      hour         = 3
      update_track = "stable"
    }
  }

  depends_on = [google_service_networking_connection.private_services]
}

resource "google_sql_database" "runway" {
  name     = "runway"
  instance = google_sql_database_instance.main.name
}

resource "random_password" "db" {
  length  = 32
  special = false
}

resource "google_sql_user" "runway" {
  name     = "runway"
  instance = google_sql_database_instance.main.name
  password = random_password.db.result
}
