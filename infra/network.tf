# One VPC for everything Runway runs: the control-plane VM's subnet, the Serverless VPC Access connector the runner
# jobs reach the control plane through, and the ranges peered to Google's producers (Cloud SQL, Cloud Build's
# private pool).

locals {
  api_port = 4200
  # Where Identity-Aware Proxy's TCP forwarding connects from: the only way into the VM from outside the VPC.
  iap_range = "35.235.240.0/20"
}

resource "google_compute_network" "main" {
  name                    = var.name
  auto_create_subnetworks = false
  depends_on              = [google_project_service.apis]
}

resource "google_compute_subnetwork" "main" {
  name          = var.name
  network       = google_compute_network.main.id
  region        = var.region
  ip_cidr_range = var.subnet_cidr
  # Google APIs (Secret Manager, Cloud SQL Admin, Pub/Sub, GCS, Cloud Run Admin) without an external address.
  private_ip_google_access = true
}

# Outbound internet for the VM (the JRE's apt repository), which has no external address of its own.
resource "google_compute_router" "main" {
  name    = var.name
  network = google_compute_network.main.id
  region  = var.region
}

resource "google_compute_router_nat" "main" {
  name                               = var.name
  router                             = google_compute_router.main.name
  region                             = var.region
  nat_ip_allocate_option             = "AUTO_ONLY"
  source_subnetwork_ip_ranges_to_nat = "LIST_OF_SUBNETWORKS"

  subnetwork {
    name                    = google_compute_subnetwork.main.id
    source_ip_ranges_to_nat = ["ALL_IP_RANGES"]
  }

  log_config {
    enable = true
    filter = "ERRORS_ONLY"
  }
}

# Private services access: Cloud SQL's private address comes from the first range, Cloud Build's private pool
# workers from the second, so the firewall can name the pool's range exactly.
resource "google_compute_global_address" "sql" {
  name          = "${var.name}-sql"
  network       = google_compute_network.main.id
  purpose       = "VPC_PEERING"
  address_type  = "INTERNAL"
  address       = cidrhost(var.sql_cidr, 0)
  prefix_length = tonumber(split("/", var.sql_cidr)[1])
}

resource "google_compute_global_address" "build_pool" {
  name          = "${var.name}-build"
  network       = google_compute_network.main.id
  purpose       = "VPC_PEERING"
  address_type  = "INTERNAL"
  address       = cidrhost(var.build_pool_cidr, 0)
  prefix_length = tonumber(split("/", var.build_pool_cidr)[1])
}

resource "google_service_networking_connection" "private_services" {
  network                 = google_compute_network.main.id
  service                 = "servicenetworking.googleapis.com"
  reserved_peering_ranges = [google_compute_global_address.sql.name, google_compute_global_address.build_pool.name]
  # Cloud SQL keeps using the peering while it is deleted; removing it first makes destroy fail.
  deletion_policy = "ABANDON"
}

# The runner jobs' way into the VPC. Direct VPC egress would need no always-on connector instances, but a
# cloud-run work pool's job template can only name a connector (vpcConnector), and Runway rewrites the job from
# that template: network interfaces set here would be dropped on the first run.
resource "google_vpc_access_connector" "main" {
  name          = var.name
  region        = var.region
  network       = google_compute_network.main.name
  ip_cidr_range = var.connector_cidr
  machine_type  = var.connector_machine_type
  min_instances = var.connector_min_instances
  max_instances = var.connector_max_instances
  depends_on    = [google_project_service.apis]
}

# The API port, from inside the VPC only: the subnet (operators' tools on other VMs), the connector (runners), Cloud
# Build's private pool (`runway deploy --all`) and IAP (the tunnel in the outputs). Nothing else reaches the VM:
# a custom VPC starts with no allow rules and denies all other ingress.
resource "google_compute_firewall" "api" {
  name      = "${var.name}-api"
  network   = google_compute_network.main.id
  direction = "INGRESS"

  allow {
    protocol = "tcp"
    ports    = [tostring(local.api_port)]
  }

  source_ranges = [
    google_compute_subnetwork.main.ip_cidr_range,
    var.connector_cidr,
    var.build_pool_cidr,
    local.iap_range,
  ]
  target_service_accounts = [google_service_account.control_plane.email]
}

resource "google_compute_firewall" "ssh_through_iap" {
  name      = "${var.name}-ssh-iap"
  network   = google_compute_network.main.id
  direction = "INGRESS"

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }

  source_ranges           = [local.iap_range]
  target_service_accounts = [google_service_account.control_plane.email]
}
