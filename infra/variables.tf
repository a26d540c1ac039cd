# Where and what. Cost-relevant knobs are marked "Cost:"; README.md ("Cost knobs") sums them up.

variable "project_id" {
  type        = string
  description = "The Google Cloud project everything is created in (its billing account pays for it)."
}

variable "region" {
  type        = string
  default     = "europe-west1"
  description = "Region of the subnet, VM, Cloud SQL, Cloud Run jobs, connector, buckets, registry and builds."
}

variable "zone" {
  type        = string
  default     = "europe-west1-b"
  description = "Zone of the control-plane VM, inside region."
}

variable "name" {
  type        = string
  default     = "runway"
  description = "Prefix of every resource name; change it to run a second Runway in the same project."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,10}[a-z0-9]$", var.name))
    error_message = "name must be 3 to 12 lowercase letters, digits or -, starting with a letter (the connector's name allows 25 characters, service accounts 30 with their suffix)."
  }
}

# Network ranges. They must not overlap each other or anything the VPC is peered with.

variable "subnet_cidr" {
  type        = string
  default     = "10.10.0.0/24"
  description = "The subnet of the control-plane VM; allowed to reach the API port."

  validation {
    condition     = can(cidrhost(var.subnet_cidr, 0)) && can(regex("^(10\\.|172\\.(1[6-9]|2[0-9]|3[01])\\.|192\\.168\\.)[0-9.]+/(1[6-9]|2[0-9])$", var.subnet_cidr))
    error_message = "subnet_cidr must be a private (RFC 1918) range from /16 to /29."
  }
}

variable "connector_cidr" {
  type        = string
  default     = "10.8.0.0/28"
  description = "The Serverless VPC Access connector's /28; runners reach the API from it."

  validation {
    condition     = can(cidrhost(var.connector_cidr, 0)) && can(regex("^(10\\.|172\\.(1[6-9]|2[0-9]|3[01])\\.|192\\.168\\.)[0-9.]+/28$", var.connector_cidr))
    error_message = "connector_cidr must be a private (RFC 1918) /28, as Serverless VPC Access requires."
  }
}

variable "sql_cidr" {
  type        = string
  default     = "10.20.0.0/20"
  description = "Range reserved for Cloud SQL's private address (private services access)."

  validation {
    condition     = can(cidrhost(var.sql_cidr, 0)) && can(regex("^(10\\.|172\\.(1[6-9]|2[0-9]|3[01])\\.|192\\.168\\.)[0-9.]+/(1[6-9]|2[0-4])$", var.sql_cidr))
    error_message = "sql_cidr must be a private (RFC 1918) range from /16 to /24."
  }
}

variable "build_pool_cidr" {
  type        = string
  default     = "10.30.0.0/24"
  description = "Range of Cloud Build's private pool workers (private services access); allowed to reach the API port."

  validation {
    condition     = can(cidrhost(var.build_pool_cidr, 0)) && can(regex("^(10\\.|172\\.(1[6-9]|2[0-9]|3[01])\\.|192\\.168\\.)[0-9.]+/(1[6-9]|2[0-9])$", var.build_pool_cidr))
    error_message = "build_pool_cidr must be a private (RFC 1918) range from /16 to /29."
  }
}

variable "connector_machine_type" {
  type        = string
  default     = "e2-micro"
  description = "Cost: machine type of the connector's instances (e2-micro, f1-micro or e2-standard-4); bigger ones carry more throughput."
}

variable "connector_min_instances" {
  type        = number
  default     = 2
  description = "Cost: connector instances that always run (at least 2); each is billed as a VM of connector_machine_type."
}

variable "connector_max_instances" {
  type        = number
  default     = 3
  description = "Connector instances under load (at most 10, more than connector_min_instances). It never scales back in."
}

# The control plane.

variable "control_plane_machine_type" {
  type        = string
  default     = "e2-medium"
  description = "Cost: machine type of the control-plane VM (2 vCPU shared, 4 GB)."
}

variable "control_plane_disk_gb" {
  type        = number
  default     = 20
  description = "Boot disk of the VM in GB; holds only the OS, the JRE, the jar and its logs."
}

variable "control_plane_jar_object" {
  type        = string
  default     = "control-plane/runway-control-plane.jar"
  description = "Object in the releases bucket that the VM runs; upload a new one and rerun the startup script to upgrade."
}

variable "control_plane_java_options" {
  type        = string
  default     = "-XX:MaxRAMPercentage=75"
  description = "JVM options of the control plane."
}

variable "operators" {
  type        = list(string)
  default     = []
  description = "IAM members (user:…, group:…) allowed to open the IAP tunnel and SSH to the VM through OS Login."
}

# Retention.

variable "retention_days" {
  type        = number
  default     = 30
  description = "Cost: days a finished run and its result are kept (runway.retention.finished-runs and the results bucket's lifecycle rule)."

  validation {
    condition     = var.retention_days >= 1
    error_message = "retention_days must be at least 1."
  }
}

variable "release_retention_days" {
  type        = number
  default     = 30
  description = "Days a replaced control-plane jar is kept in the releases bucket, for rolling back."
}

variable "images_to_keep" {
  type        = number
  default     = 20
  description = "Cost: runner images always kept in Artifact Registry; older ones are deleted after a week."
}

# Cloud SQL.

variable "db_version" {
  type        = string
  default     = "POSTGRES_16"
  description = "Cloud SQL database version."
}

variable "db_tier" {
  type        = string
  default     = "db-custom-1-3840"
  description = "Cost: Cloud SQL machine type (1 vCPU, 3.75 GB). db-g1-small is cheaper, shared-core and without SLA."
}

variable "db_high_availability" {
  type        = bool
  default     = false
  description = "Cost: a standby in a second zone (REGIONAL), about twice the price."
}

variable "db_disk_gb" {
  type        = number
  default     = 10
  description = "Cost: initial SSD size in GB; it grows by itself and never shrinks."
}

variable "db_backup_count" {
  type        = number
  default     = 7
  description = "Cost: automated daily backups kept."
}

variable "db_log_retention_days" {
  type        = number
  default     = 7
  description = "Days of transaction logs kept for point-in-time recovery (1 to 7 on Enterprise)."
}

variable "deletion_protection" {
  type        = bool
  default     = true
  description = "Refuse to destroy the database and the runner jobs; set false (and apply) before terraform destroy."
}

# Dispatch.

variable "dispatch_min_backoff" {
  type        = string
  default     = "10s"
  description = "First wait before Pub/Sub redelivers a dispatch the launcher refused."
}

variable "dispatch_max_backoff" {
  type        = string
  default     = "600s"
  description = "Longest wait between redeliveries of a dispatch."
}

variable "dispatch_max_delivery_attempts" {
  type        = number
  default     = 5
  description = "Deliveries of one dispatch before it goes to the dead-letter topic and its run ends CRASHED (5 to 100)."

  validation {
    condition     = var.dispatch_max_delivery_attempts >= 5 && var.dispatch_max_delivery_attempts <= 100
    error_message = "dispatch_max_delivery_attempts must be 5 to 100, as Pub/Sub allows."
  }
}

# Runners.

variable "runner_image" {
  type        = string
  default     = "us-docker.pkg.dev/cloudrun/container/job:latest"
  description = "Image the runner jobs are created with. The first Cloud Build replaces it with the runner image (through the work pools' templates), so Google's sample job is enough to start."
}

variable "work_pools" {
  type = map(object({
    cpu             = string
    memory          = string
    timeout_seconds = number
  }))
  default = {
    cloud = { cpu = "1", memory = "1Gi", timeout_seconds = 3600 }
  }
  description = "Cost: the cloud-run work pools, each with its own Cloud Run job runway-<pool>: vCPU and memory of an execution (billed per second while it runs) and its longest run."

  validation {
    condition     = alltrue([for pool in keys(var.work_pools) : can(regex("^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$", pool))])
    error_message = "work_pools keys must be 1 to 32 lowercase letters, digits or -, starting with a letter: they name Cloud Run jobs."
  }
}

# The warm lane (warm_lane.tf).

variable "warm_lane_instances" {
  type        = number
  default     = 0
  description = "Cost: warm runner instances always up in the Cloud Run worker pool, each billed for warm_lane_cpu and warm_lane_memory around the clock; 0: no warm lane at all."

  validation {
    condition     = var.warm_lane_instances >= 0 && floor(var.warm_lane_instances) == var.warm_lane_instances
    error_message = "warm_lane_instances must be a whole number, 0 or more."
  }
}

variable "warm_lane_cpu" {
  type        = string
  default     = "1"
  description = "Cost: vCPU of a warm instance (1, 2, 4, 6 or 8)."
}

variable "warm_lane_memory" {
  type        = string
  default     = "1Gi"
  description = "Cost: memory of a warm instance."
}

variable "warm_pool" {
  type        = string
  default     = "warm"
  description = "Name of the cloud-run-worker-pool work pool whose runs the warm lane takes (a deployment's workPool); its topic and subscription are <name>-warm-<pool>. Not one of work_pools' names."

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$", var.warm_pool))
    error_message = "warm_pool must be 1 to 32 lowercase letters, digits or -, starting with a letter."
  }
}

variable "warm_worker_pool" {
  type        = string
  default     = "runway-warm"
  description = "Name of the Cloud Run worker pool of the warm lane; change it with name to run a second Runway in the project."

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,47}[a-z0-9])?$", var.warm_worker_pool))
    error_message = "warm_worker_pool must be 1 to 49 lowercase letters, digits or -, starting with a letter and not ending with -."
  }
}

# Cloud Build.

variable "github_owner" {
  type        = string
  description = "Owner (user or organisation) of the GitHub repository Cloud Build builds; the repository must be connected to Cloud Build first (README)."
}

variable "github_repository" {
  type        = string
  description = "Name of that GitHub repository."
}

variable "github_branch" {
  type        = string
  default     = "^main$"
  description = "Regular expression of the branches whose pushes build and deploy."
}

variable "build_machine_type" {
  type        = string
  default     = "e2-standard-4"
  description = "Cost: machine type of the private pool's workers (billed per build minute)."
}

variable "build_disk_gb" {
  type        = number
  default     = 100
  description = "Disk of a build worker in GB."
}
