/**
 * mig-constructs: typed infrastructure-as-code for NVIDIA Multi-Instance GPU on Kubernetes.
 * The core entry point holds what users call: the catalogue, the geometry, the mig-parted format,
 * the platform spec and its validation, the renderers and the planner. Framework adapters live at
 * `mig-constructs/cdk8s` and `mig-constructs/pulumi`; the plumbing they share with render/ (object
 * lists, the registry) is not part of this surface.
 */
export * from './diagnostics';
export * from './catalog';
export * from './naming';
export type { FitFailure, FitResult, FitRule, FitSuccess, LayoutEntry, PlacedInstance } from './geometry';
export { enumerateLayouts, fitProfiles, fitUntypedLayout, maximalLayouts } from './geometry';
export type { BuildMigPartedOptions, MigPartedDocument, MigPartedEntry } from './mig-parted';
export { stringifyMigPartedConfig } from './mig-parted';
export type {
  AttachedRequestSpec,
  KarpenterOptions,
  KueueFlavorQuota,
  KueueOptions,
  KueuePoolQuota,
  KueuePreemption,
  NodePoolSpec,
  NodeTaint,
  OperatorOptions,
  PlatformSpec,
  TelemetryOptions,
  TelemetryPrices,
  PreviousLayout,
  ParsedPlatformSpec,
  DashboardOptions,
  BillingUnit,
  ResolvedTelemetry,
  TenantKueueOptions,
  TenantSpec,
  WorkloadKind,
  WorkloadSpec,
  MigPartedConfigInput,
  MigPartedApplicability,
  MigPartedCheckOptions,
  MigPartedCheckResult,
  PlatformValidation,
  ResolvedOperator,
  ResolvedPlatform,
  ResolvedPool,
  ResolvedTenant,
  ResolvedKueueFlavor,
  ResolvedTenantKueue,
  ResolvedWorkload,
} from './spec';
export { checkMigPartedConfig, parsePlatformSpec, platformSpecJsonSchema, SPEC_DEFAULTS, validatePlatform } from './spec';
export type { CloudMapping, KubeManifest, KubeMetadata, ObjectOwner, RenderedMigPartedConfig, RenderedObject, RenderedPlatform, RenderedPlatformObjects, RenderMigPartedOptions } from './render';
export {
  aksGpuInstanceProfile,
  gkeGpuPartition,
  manifestsYaml,
  poolNodeLabels,
  renderDevicePluginConfigs,
  renderMigPartedConfig,
  renderOperatorValues,
  renderPlatform,
  renderPlatformObjects,
  stringifyOperatorValues,
  telemetryDashboard,
  telemetryRuleGroups,
} from './render';
export type { AlertingRule, RecordingRule, RuleGroup } from './render';
export { ChargebackError, queryChargeback } from './chargeback';
export type { ChargebackReport, ChargebackRequest, TenantCharge } from './chargeback';
export type { Baseline, DemandItem, Plan, PlanGpuOption, PlannedLayout, PlannedNodeGroup, PlanRequest, ProfileCapacity } from './plan';
export { planLayouts } from './plan';
