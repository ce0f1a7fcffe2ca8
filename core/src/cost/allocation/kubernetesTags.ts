/*
 * Where a billing row's Kubernetes namespace and workload are read from: its tags, the first of
 * these keys that is present and not empty. OpenTelemetry's resource attribute names come first
 * (what OpenCost-style exporters and the OTel k8s attributes processor write), then AWS split cost
 * allocation data for EKS and GKE cost allocation labels. `app.kubernetes.io/name`, the
 * recommended Kubernetes label of the application, is the workload's last resort.
 */

export const NAMESPACE_TAG_KEYS = ['k8s.namespace.name', 'aws:eks:namespace', 'k8s-namespace'] as const

export const WORKLOAD_TAG_KEYS = [
  'k8s.deployment.name',
  'k8s.statefulset.name',
  'k8s.daemonset.name',
  'k8s.cronjob.name',
  'k8s.job.name',
  'aws:eks:workload-name',
  'aws:eks:deployment',
  'app.kubernetes.io/name',
] as const
