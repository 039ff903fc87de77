import { GPU_MODELS, listGpuModels } from '../catalog';
import { compareKeys } from '../order';

/**
 * JSON Schema (draft-07) of the YAML spec `mig render` reads: the PlatformSpec. Editors use it for
 * completion and early errors (`# yaml-language-server: $schema=…`); `mig render` checks it first,
 * then runs every platform rule. GPU models and profile names come from the catalogue.
 */
export function platformSpecJsonSchema(): Record<string, unknown> {
  const profiles = [...new Set(listGpuModels().flatMap((m) => m.profiles.map((p) => p.name)))].sort(compareKeys);
  const layout = {
    type: 'object',
    description: 'Instances per MIG profile on one GPU, e.g. {"3g.40gb": 1, "1g.10gb": 4}.',
    propertyNames: { enum: profiles },
    additionalProperties: { type: 'integer', minimum: 1 },
  };
  const labels = { type: 'object', additionalProperties: { type: 'string' } };
  const name = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'mig-constructs platform spec',
    description: 'GPU node pools with MIG layouts, the workloads that use the slices and the tenants that may use them.',
    type: 'object',
    additionalProperties: false,
    required: ['strategy'],
    properties: {
      $schema: { type: 'string' },
      strategy: { enum: ['mixed', 'single'], description: 'mixed: nvidia.com/mig-<profile> per profile; single: every slice is nvidia.com/gpu.' },
      allowOvercommit: { type: 'boolean', default: false },
      operator: {
        type: 'object',
        additionalProperties: false,
        properties: {
          version: { type: 'string', default: 'v26.7.0' },
          namespace: { ...name, default: 'gpu-operator' },
          createNamespace: { type: 'boolean', default: true },
          chartRepository: { type: 'string', default: 'https://helm.ngc.nvidia.com/nvidia' },
          releaseName: { type: 'string', default: 'gpu-operator' },
          migConfigMapName: { type: 'string', default: 'mig-parted-config' },
          devicePluginConfigMapName: { type: 'string', default: 'device-plugin-config' },
          withReboot: { type: 'boolean', default: false, description: 'WITH_REBOOT=true for clouds that cannot reset GPUs.' },
          dcgmExporter: { type: 'object', additionalProperties: false, properties: { serviceMonitor: { type: 'boolean' }, podLabels: { type: 'boolean' } } },
          gitops: {
            type: 'object',
            additionalProperties: false,
            properties: {
              flux: { oneOf: [{ type: 'boolean' }, { type: 'object', additionalProperties: false, properties: { interval: { type: 'string' } } }] },
              argocd: { oneOf: [{ type: 'boolean' }, { type: 'object', additionalProperties: false, properties: { namespace: { type: 'string' }, project: { type: 'string' } } }] },
            },
          },
        },
      },
      pools: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'gpu', 'gpusPerNode', 'nodes'],
          properties: {
            name: { ...name, description: 'Also the mig-parted config name (node label nvidia.com/mig.config).' },
            gpu: { enum: [...GPU_MODELS] },
            gpusPerNode: { type: 'integer', minimum: 1 },
            nodes: { type: 'integer', minimum: 1 },
            nodeSelector: labels,
            taints: {
              type: 'array',
              items: { type: 'object', additionalProperties: false, required: ['key', 'effect'], properties: { key: { type: 'string' }, value: { type: 'string' }, effect: { enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] } } },
            },
            layout,
            perGpu: { type: 'array', items: { oneOf: [layout, { const: false }] } },
            timeSlicing: { type: 'object', additionalProperties: false, required: ['replicas'], properties: { replicas: { type: 'integer', minimum: 2 }, renameByDefault: { type: 'boolean' } } },
            karpenter: {
              type: 'object',
              additionalProperties: false,
              required: ['nodeClassRef'],
              properties: {
                nodeClassRef: { type: 'object', additionalProperties: false, required: ['group', 'kind', 'name'], properties: { group: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' } } },
                limits: { type: 'object', additionalProperties: { type: 'string' } },
              },
            },
          },
          oneOf: [{ required: ['layout'] }, { required: ['perGpu'] }],
        },
      },
      workloads: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'pool', 'profile', 'image'],
          properties: {
            name: { type: 'string' },
            namespace: { ...name, default: 'default' },
            pool: { type: 'string' },
            profile: { enum: profiles },
            slicesPerPod: { type: 'integer', minimum: 1, default: 1 },
            replicas: { type: 'integer', minimum: 0, default: 1 },
            kind: { enum: ['Deployment', 'Job', 'StatefulSet'], default: 'Deployment' },
            image: { type: 'string' },
            containerName: { type: 'string' },
            command: { type: 'array', items: { type: 'string' } },
            args: { type: 'array', items: { type: 'string' } },
            env: { type: 'object', additionalProperties: { type: 'string' } },
            labels,
            serviceName: { type: 'string' },
          },
        },
      },
      tenants: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['namespace', 'slices'],
          properties: {
            namespace: name,
            slices: { type: 'object', propertyNames: { enum: profiles }, additionalProperties: { type: 'integer', minimum: 0 } },
            createNamespace: { type: 'boolean', default: true },
            denyUngrantedProfiles: { type: 'boolean', default: true },
            quotaName: { type: 'string', default: 'mig-slices' },
          },
        },
      },
    },
  };
}
