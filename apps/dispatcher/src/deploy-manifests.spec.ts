import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAccounts } from '@oa-relay/config';
import { TOPICS } from '@oa-relay/messaging';
import { parse, parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { enricherConfigSchema } from '../../enricher/src/enricher.config';
import { gatewayEnvSchema } from '../../gateway/src/gateway.config';
import { qtSandboxEnvSchema } from '../../qt-sandbox/src/qt-sandbox.config';
import { tokenCenterEnvSchema } from '../../token-center/src/token-center.config';
import { dispatcherConfigSchema } from './dispatcher.config';

// The manifests are checked against the apps' own schemas, so a renamed or new setting fails here.
const SCHEMAS: Record<string, z.AnyZodObject> = {
  gateway: gatewayEnvSchema,
  enricher: enricherConfigSchema,
  dispatcher: dispatcherConfigSchema,
  'token-center': tokenCenterEnvSchema,
  'qt-sandbox': qtSandboxEnvSchema,
};

interface EnvEntry {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name: string; key: string };
    secretKeyRef?: { name: string; key: string };
  };
}

interface Container {
  command: string[];
  env?: EnvEntry[];
  envFrom?: { secretRef?: { name: string }; configMapRef?: { name: string } }[];
  ports: { containerPort: number }[];
  livenessProbe: { httpGet: { path: string } };
  readinessProbe: { httpGet: { path: string } };
  resources: { requests: Record<string, string> };
  volumeMounts: { mountPath: string }[];
}

interface Spec {
  replicas?: number;
  selector?: { matchLabels?: Record<string, string> };
  template: {
    metadata: { labels: Record<string, string> };
    spec: { containers: Container[]; terminationGracePeriodSeconds: number };
  };
  scaleTargetRef?: { name: string };
  minReplicas?: number;
  maxReplicas?: number;
}

interface Manifest {
  kind: string;
  metadata: { name: string };
  spec: Spec;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

const deployDir = join(__dirname, '..', '..', '..', 'deploy', 'kubernetes');

function load(dir: string): Manifest[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml')
    .flatMap((name) => parseAllDocuments(readFileSync(join(dir, name), 'utf8')))
    .map((document) => document.toJS() as Manifest)
    .filter(Boolean);
}

const base = load(join(deployDir, 'base'));
const all = [...base, ...load(join(deployDir, 'overlays', 'example'))];
const find = (kind: string, name: string) =>
  all.find((m) => m.kind === kind && m.metadata.name === name);

function keysOf(kind: 'ConfigMap' | 'Secret', name: string): Record<string, string> {
  const manifest = find(kind, name);
  if (!manifest) throw new Error(`${kind} ${name} is missing`);
  return { ...manifest.data, ...manifest.stringData };
}

/** A container's environment as the pod would see it: name -> value. */
function resolveEnv(container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (source.secretRef) Object.assign(env, keysOf('Secret', source.secretRef.name));
    if (source.configMapRef) Object.assign(env, keysOf('ConfigMap', source.configMapRef.name));
  }
  for (const entry of container.env ?? []) {
    const ref = entry.valueFrom?.configMapKeyRef ?? entry.valueFrom?.secretKeyRef;
    const kind = entry.valueFrom?.configMapKeyRef ? 'ConfigMap' : 'Secret';
    const value = ref ? keysOf(kind, ref.name)[ref.key] : entry.value;
    if (value === undefined) throw new Error(`${entry.name} refers to a missing key`);
    env[entry.name] = String(value);
  }
  return env;
}

const accountsYaml = keysOf('ConfigMap', 'oa-relay-accounts')['accounts.yaml'];
const accountRefs = [...accountsYaml.matchAll(/\{ env: ([A-Z0-9_]+) \}/g)].map((m) => m[1]);

const appContainers = all
  .filter((m) => m.kind === 'Deployment')
  .map((m) => {
    const container = m.spec.template.spec.containers[0];
    const app = /dist\/apps\/([a-z-]+)\/src\/main\.js/.exec(container.command.join(' '))?.[1];
    return { deployment: m, container, app: app ?? '' };
  });

describe('deploy/kubernetes', () => {
  it('deploys gateway, enricher, dispatcher and token-center in the base, the QT sandbox only in the example', () => {
    const baseApps = base.filter((m) => m.kind === 'Deployment').map((m) => m.metadata.name);

    expect(baseApps.sort()).toEqual(['dispatcher', 'enricher', 'gateway', 'token-center']);
    expect(appContainers.map((c) => c.app).sort()).toEqual([...baseApps, 'qt-sandbox'].sort());
  });

  describe.each(appContainers.map((c) => [c.app, c] as const))(
    '%s',
    (app, { deployment, container }) => {
      const schema = SCHEMAS[app];
      const env = resolveEnv(container);

      it('sets only settings its config schema declares, or secrets the accounts file refers to', () => {
        const known = new Set([...Object.keys(schema.shape), ...accountRefs]);
        const declared = (container.env ?? []).map((e: { name: string }) => e.name);

        expect(declared.filter((name: string) => !known.has(name))).toEqual([]);
      });

      it('boots: its environment passes the schema and the accounts file resolves', () => {
        const parsed = schema.safeParse(env);

        expect(parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'))).toEqual([]);
        expect(() => parseAccounts(parse(accountsYaml), env)).not.toThrow();
        expect(env.ACCOUNTS_FILE?.startsWith(container.volumeMounts[0].mountPath)).toBe(true);
      });

      it('probes /health/live and /health/ready on the port the app listens on', () => {
        const port: unknown = (schema.shape.PORT as z.ZodTypeAny).parse(env.PORT);

        expect(container.livenessProbe.httpGet.path).toBe('/health/live');
        expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
        expect(container.ports[0].containerPort).toBe(port);
      });

      it('asks for resources', () => {
        expect(container.resources.requests).toEqual({
          cpu: expect.any(String),
          memory: expect.any(String),
        });
        expect(deployment.spec.selector?.matchLabels).toEqual(
          deployment.spec.template.metadata.labels,
        );
      });
    },
  );

  describe('the dispatcher', () => {
    const dispatcher = appContainers.find((c) => c.app === 'dispatcher')!;
    const env = resolveEnv(dispatcher.container);
    const targets = (kind: string) =>
      all.filter(
        (m) =>
          m.kind === kind &&
          (m.spec.scaleTargetRef?.name === 'dispatcher' ||
            m.spec.selector?.matchLabels?.['app.kubernetes.io/name'] === 'dispatcher'),
      );

    it('runs as replicas of one consumer group', () => {
      expect(dispatcher.deployment.spec.replicas).toBeGreaterThan(1);
      expect(env.DISPATCHER_GROUP_ID).toBe('oa-relay-dispatcher');
    });

    it('scales with an HPA no further than the partitions of wechat.enriched.v1', () => {
      const [hpa] = targets('HorizontalPodAutoscaler');

      expect(hpa?.spec.minReplicas).toBeGreaterThan(1);
      expect(hpa?.spec.maxReplicas).toBeLessThanOrEqual(TOPICS.enriched.partitions);
    });

    it('has a PodDisruptionBudget and drains within the termination grace period', () => {
      const grace = dispatcher.deployment.spec.template.spec.terminationGracePeriodSeconds * 1000;

      expect(targets('PodDisruptionBudget')).toHaveLength(1);
      expect(grace).toBeGreaterThan(
        dispatcherConfigSchema.shape.DISPATCHER_SHUTDOWN_TIMEOUT_MS.parse(
          env.DISPATCHER_SHUTDOWN_TIMEOUT_MS,
        ),
      );
    });
  });
});
