import * as pulumi from '@pulumi/pulumi';

export interface CreatedResource {
  readonly type: string;
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly inputs: any;
}

/** Records every resource the program registers; the mock engine echoes inputs as state. */
export const created: CreatedResource[] = [];

void pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      created.push({ type: args.type, name: args.name, inputs: args.inputs });
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: (args) => args.inputs,
  },
  'mig-constructs',
  'test',
  false,
);

export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Waits until every given resource has been registered with the (mock) engine. */
export async function settled(resources: readonly pulumi.Resource[]): Promise<void> {
  await Promise.all(resources.map((r) => promiseOf(r.urn)));
}

/** The Kubernetes objects the program created (kind, apiVersion, metadata and body), keyed by kind/namespace/name. */
export function kubeObjects(prefix: string): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const r of created) {
    if (!r.name.startsWith(prefix) || !r.type.startsWith('kubernetes:') || r.type.startsWith('kubernetes:helm.sh/') || r.type.includes('NodePatch')) continue;
    const { apiVersion, kind, metadata, ...body } = r.inputs;
    out[`${kind}/${metadata.namespace ?? ''}/${metadata.name}`] = { apiVersion, kind, metadata, ...body };
  }
  return out;
}
