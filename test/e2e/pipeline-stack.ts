import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { ensureTopics } from '@oa-relay/messaging';
import { testKafkaBrokers, testRedisUrl, uniqueName } from '@oa-relay/testing';
import { createDispatcherApp } from '../../apps/dispatcher/src/dispatcher.app';
import { createEnricherApp } from '../../apps/enricher/src/enricher.app';
import { createGatewayApp } from '../../apps/gateway/src/gateway.app';
import { createQtSandboxApp } from '../../apps/qt-sandbox/src/qt-sandbox.app';

/** The walking skeleton's account: plaintext, identified by OpenID. */
export const ACCOUNT = {
  appId: 'wx5a1e000000000001',
  token: 'e2e-wechat-token',
  appkey: 'e2e-qt-appkey',
} as const;

/** An account with a Token and EncodingAESKey, forwarding bodies as WeChat sent them. */
export const KEYED_ACCOUNT = {
  appId: 'wx5a1e000000000002',
  token: 'e2e-keyed-token',
  encodingAESKey: 'ZTJlIGtleWVkIGFjY291bnQgYWVzIGtleSAzMiBieSE',
  appkey: 'e2e-qt-appkey-keyed',
} as const;

/** A keyed account configured to send QT the decrypted XML (`qt.weChatOAData: decrypted`). */
export const DECRYPTING_ACCOUNT = {
  appId: 'wx5a1e000000000003',
  token: 'e2e-decrypting-token',
  encodingAESKey: 'ZTJlIGRlY3J5cHRpbmcgYWNjb3VudCBrZXkgMzIgYiE',
  appkey: 'e2e-qt-appkey-decrypting',
} as const;

/** QT's server-side tracking credentials shared by the dispatcher and the sandbox. */
export const QT = { serviceId: 'e2e-service-id', serviceSecret: 'e2e-service-secret' } as const;

/** A request QT received, exactly as it arrived, and the sandbox's answer once it gave one. */
export interface CapturedRequest {
  path: string;
  contentType: string | undefined;
  body: string;
  answer?: { status: number; body: string };
}

/** The four apps of the pipeline over real Kafka and Redis, each on its own topics and groups. */
export interface PipelineStack {
  gatewayUrl: string;
  sandboxUrl: string;
  topics: { raw: string; enriched: string; analytics: string; dlq: string };
  /** What reached QT's endpoint, recorded before the QT sandbox answered it. */
  qtRequests: CapturedRequest[];
  close(): Promise<void>;
}

/**
 * Boots gateway, enricher, dispatcher and QT sandbox in this process, with a recording hop in
 * front of the sandbox so that a test sees QT's request byte for byte.
 */
export async function startPipeline(): Promise<PipelineStack> {
  const brokers = testKafkaBrokers();
  const topics = {
    raw: uniqueName('e2e-raw'),
    enriched: uniqueName('e2e-enriched'),
    analytics: uniqueName('e2e-analytics'),
    dlq: uniqueName('e2e-dlq'),
  };
  await ensureTopics(
    brokers,
    Object.values(topics).map((name) => ({ name, partitions: 3 })),
  );
  const common = {
    LOG_LEVEL: 'silent',
    KAFKA_BROKERS: brokers.join(','),
    REDIS_URL: testRedisUrl(),
    ACCOUNTS_FILE: writeAccountsFile(),
    QT_SERVICE_ID: QT.serviceId,
    QT_SERVICE_SECRET: QT.serviceSecret,
  };
  const apps: INestApplication[] = [];
  const servers: Server[] = [];
  const close = async () => {
    for (const app of apps.reverse()) await app.close();
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
  };

  try {
    const sandbox = await createQtSandboxApp({
      ...common,
      QT_SANDBOX_KEY_PREFIX: uniqueName('qt'),
    });
    const sandboxUrl = await listen(sandbox, apps);
    const qtRequests: CapturedRequest[] = [];
    const recorder = recordingHop(sandboxUrl, qtRequests);
    servers.push(recorder);
    const qtUrl = await listenServer(recorder);

    const dispatcher = await createDispatcherApp({
      ...common,
      QT_ENDPOINT: qtUrl,
      DISPATCHER_GROUP_ID: uniqueName('e2e-dispatcher'),
      DISPATCHER_SOURCE_TOPIC: topics.enriched,
      DISPATCHER_ANALYTICS_TOPIC: topics.analytics,
      DISPATCHER_DLQ_TOPIC: topics.dlq,
      DISPATCHER_MARKER_PREFIX: uniqueName('e2e-markers'),
    });
    await dispatcher.app.startAllMicroservices();
    await listen(dispatcher.app, apps);

    const enricher = await createEnricherApp({
      ...common,
      ENRICHER_GROUP_ID: uniqueName('e2e-enricher'),
      ENRICHER_RAW_TOPIC: topics.raw,
      ENRICHER_ENRICHED_TOPIC: topics.enriched,
      ENRICHER_DLQ_TOPIC: topics.dlq,
    });
    await enricher.startAllMicroservices();
    await listen(enricher, apps);

    const gateway = await createGatewayApp({
      ...common,
      GATEWAY_RAW_TOPIC: topics.raw,
      GATEWAY_DEDUPE_PREFIX: uniqueName('e2e-dedupe'),
    });
    const gatewayUrl = await listen(gateway, apps);

    return { gatewayUrl, sandboxUrl, topics, qtRequests, close };
  } catch (error) {
    await close();
    throw error;
  }
}

// One file for all four apps: the sandbox must hold the same tokens and keys as the gateway.
function writeAccountsFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'e2e-accounts-')), 'accounts.json');
  const keyed = (account: typeof KEYED_ACCOUNT | typeof DECRYPTING_ACCOUNT) => ({
    appId: account.appId,
    token: account.token,
    encodingAESKey: account.encodingAESKey,
  });
  const accounts = [
    {
      appId: ACCOUNT.appId,
      name: 'e2e plaintext account',
      token: ACCOUNT.token,
      qt: { appkey: ACCOUNT.appkey },
    },
    {
      ...keyed(KEYED_ACCOUNT),
      name: 'e2e keyed account',
      qt: { appkey: KEYED_ACCOUNT.appkey },
    },
    {
      ...keyed(DECRYPTING_ACCOUNT),
      name: 'e2e account sending decrypted XML',
      qt: { appkey: DECRYPTING_ACCOUNT.appkey, weChatOAData: 'decrypted' },
    },
  ];
  writeFileSync(path, JSON.stringify({ accounts }));
  return path;
}

async function listen(app: INestApplication, started: INestApplication[]): Promise<string> {
  started.push(app);
  await app.listen(0, '127.0.0.1');
  return app.getUrl();
}

async function listenServer(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return `http://127.0.0.1:${port}`;
}

/** Records each request, then forwards it to the QT sandbox and records and relays the answer. */
function recordingHop(target: string, requests: CapturedRequest[]): Server {
  return createServer((request, response) => {
    void readBody(request).then(async (body) => {
      const captured: CapturedRequest = {
        path: request.url ?? '',
        contentType: request.headers['content-type'],
        body,
      };
      requests.push(captured);
      const answer = await fetch(`${target}${request.url ?? ''}`, {
        method: request.method,
        headers: { 'content-type': request.headers['content-type'] ?? 'application/json' },
        body,
      });
      const text = await answer.text();
      captured.answer = { status: answer.status, body: text };
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(text);
    });
  });
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
