import { join } from 'node:path';
import { startAppProcess, type AppProcess } from '../local/app-process';
import { freePort, portIsFree } from '../local/local-services';
import { DEMO_SECRETS, writeDemoConfig } from './demo-config';

/** The running demo: every app's base URL, and how to stop them all. */
export interface DemoStack {
  apps: Record<string, AppProcess>;
  accountsFile: string;
  stop(): Promise<void>;
}

/** Where the stack's shared services are. */
export interface DemoInfra {
  brokers: string;
  redisUrl: string;
}

const APP_ORDER = [
  'wechat-sandbox',
  'token-center',
  'qt-sandbox',
  'gateway',
  'enricher',
  'dispatcher',
] as const;

type DemoApp = (typeof APP_ORDER)[number];

/** The apps' default ports (README), which the simulator's defaults point at. */
const DEFAULT_PORTS: Record<DemoApp, number> = {
  'wechat-sandbox': 3400,
  'token-center': 3300,
  'qt-sandbox': 3100,
  gateway: 3000,
  enricher: 3200,
  dispatcher: 3250,
};

/** Free ports for a run that must not collide with anything; the defaults for a kept stack. */
export type DemoPorts = 'free' | 'defaults';

/**
 * Starts the six apps from the build in dependency order, each on its port with its own log
 * file, and waits for each to be ready before the next.
 */
export async function startDemoStack(
  repoRoot: string,
  workDir: string,
  infra: DemoInfra,
  log: (line: string) => void,
  portChoice: DemoPorts = 'free',
): Promise<DemoStack> {
  const ports = portChoice === 'defaults' ? await defaultPorts() : await freePorts();
  const url = (app: DemoApp) => `http://127.0.0.1:${ports[app]}`;
  const files = writeDemoConfig(join(workDir, 'config'), url('token-center'));
  const common = {
    KAFKA_BROKERS: infra.brokers,
    REDIS_URL: infra.redisUrl,
    ACCOUNTS_FILE: files.accounts,
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
  };
  const env: Record<DemoApp, Record<string, string>> = {
    'wechat-sandbox': { ...common, SANDBOX_USERS_FILE: files.wechatUsers },
    'token-center': {
      ...common,
      ACCOUNTS_FILE: files.tokenCenterAccounts,
      WECHAT_API_BASE_URL: url('wechat-sandbox'),
      TOKEN_CENTER_API_KEYS: `demo=${DEMO_SECRETS.tokenCenterApiKey}`,
    },
    'qt-sandbox': {
      ...common,
      QT_SERVICE_ID: DEMO_SECRETS.qtServiceId,
      QT_SERVICE_SECRET: DEMO_SECRETS.qtServiceSecret,
      QT_SANDBOX_KEY_PREFIX: `qt-sandbox-demo-${Date.now()}`,
    },
    gateway: common,
    enricher: { ...common, WECHAT_API_BASE_URL: url('wechat-sandbox') },
    dispatcher: {
      ...common,
      QT_ENDPOINT: url('qt-sandbox'),
      QT_SERVICE_ID: DEMO_SECRETS.qtServiceId,
      QT_SERVICE_SECRET: DEMO_SECRETS.qtServiceSecret,
    },
  };

  const apps: Partial<Record<DemoApp, AppProcess>> = {};
  const stop = async () => {
    for (const app of [...APP_ORDER].reverse()) await apps[app]?.stop();
  };
  try {
    for (const app of APP_ORDER) {
      apps[app] = await startAppProcess({
        name: app,
        entry: join(repoRoot, 'dist', 'apps', app, 'src', 'main.js'),
        port: ports[app],
        env: env[app],
        logDir: join(workDir, 'logs'),
      });
      log(`${app.padEnd(15)} ready at ${url(app)}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { apps: apps, accountsFile: files.accounts, stop };
}

async function freePorts(): Promise<Record<DemoApp, number>> {
  const entries = await Promise.all(APP_ORDER.map(async (app) => [app, await freePort()] as const));
  return Object.fromEntries(entries) as Record<DemoApp, number>;
}

/** The default ports, refused up front when one is taken: a ready check there would lie. */
async function defaultPorts(): Promise<Record<DemoApp, number>> {
  const taken: string[] = [];
  for (const app of APP_ORDER) {
    if (!(await portIsFree(DEFAULT_PORTS[app]))) taken.push(`${app} ${DEFAULT_PORTS[app]}`);
  }
  if (taken.length > 0) {
    throw new Error(`ports taken (${taken.join(', ')}): free them, or run the demo without --keep`);
  }
  return DEFAULT_PORTS;
}
