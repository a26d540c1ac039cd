output "api_url" {
  description = "The control plane's address inside the VPC (runway.api-url): runners and Cloud Build use it."
  value       = local.api_url
}

output "iap_tunnel_command" {
  description = "Opens the API and UI on http://localhost:4200 from your machine, through Identity-Aware Proxy."
  value       = "gcloud compute start-iap-tunnel ${google_compute_instance.control_plane.name} ${local.api_port} --local-host-port=localhost:${local.api_port} --zone=${var.zone} --project=${var.project_id}"
}

output "ssh_command" {
  description = "A shell on the control-plane VM, through Identity-Aware Proxy and OS Login."
  value       = "gcloud compute ssh ${google_compute_instance.control_plane.name} --tunnel-through-iap --zone=${var.zone} --project=${var.project_id}"
}

output "api_key_command" {
  description = "Prints the admin API key (RUNWAY_API_KEY for the CLI)."
  value       = "gcloud secrets versions access latest --secret=${google_secret_manager_secret.api_key.secret_id} --project=${var.project_id}"
}

output "jar_upload_command" {
  description = "Uploads the control-plane jar the VM runs (from the repository's root, after ./mvnw package)."
  value       = "gcloud storage cp control-plane/target/runway-control-plane.jar gs://${google_storage_bucket.releases.name}/${var.control_plane_jar_object}"
}

output "image_repository" {
  description = "Where Cloud Build pushes the runner image."
  value       = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
}

output "results_store" {
  description = "runway.results.store of the control plane and its runners."
  value       = "gs://${google_storage_bucket.results.name}/results"
}

output "work_pool_templates" {
  description = "Base job template of each cloud-run work pool, for PUT /api/work-pools/<pool> (README: Deploy to Google Cloud)."
  value = { for pool, spec in var.work_pools : pool => {
    job            = google_cloud_run_v2_job.runner[pool].name
    image          = var.runner_image
    cpu            = spec.cpu
    memory         = spec.memory
    timeoutSeconds = spec.timeout_seconds
    serviceAccount = google_service_account.runner.email
    vpcConnector   = google_vpc_access_connector.main.id
    vpcEgress      = "PRIVATE_RANGES_ONLY"
  } }
}

output "warm_topic" {
  description = "The topic the control plane publishes the warm lane's starts to (null without a warm lane)."
  value       = var.warm_lane_instances > 0 ? google_pubsub_topic.warm[0].name : null
}

output "warm_subscription" {
  description = "The subscription the warm workers pull their starts from (null without a warm lane)."
  value       = var.warm_lane_instances > 0 ? google_pubsub_subscription.warm[0].name : null
}

output "warm_worker_pool" {
  description = "The Cloud Run worker pool of the warm lane (null without a warm lane)."
  value       = var.warm_lane_instances > 0 ? google_cloud_run_v2_worker_pool.warm[0].name : null
}

output "warm_work_pool" {
  description = "Body of PUT /api/work-pools/<warm_pool> declaring the cloud-run-worker-pool work pool (README: The warm lane); null without a warm lane."
  value = var.warm_lane_instances > 0 ? {
    type = "cloud-run-worker-pool"
    baseJobTemplate = {
      project      = var.project_id
      region       = var.region
      workerPool   = google_cloud_run_v2_worker_pool.warm[0].name
      image        = var.runner_image
      instances    = var.warm_lane_instances
      topic        = google_pubsub_topic.warm[0].name
      subscription = google_pubsub_subscription.warm[0].name
      env = {
        RUNWAY_WARM_INBOX   = "pubsub:projects/${var.project_id}/subscriptions/${google_pubsub_subscription.warm[0].name}"
        RUNWAY_API_URL      = local.api_url
        RUNWAY_RESULT_STORE = "gs://${google_storage_bucket.results.name}/results"
      }
      serviceAccount = google_service_account.runner.email
      vpcConnector   = google_vpc_access_connector.main.id
      vpcEgress      = "PRIVATE_RANGES_ONLY"
      cpu            = var.warm_lane_cpu
      memory         = var.warm_lane_memory
    }
  } : null
}
