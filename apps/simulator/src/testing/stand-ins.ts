import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openPush, type PushAccount } from '@oa-relay/wechat';
import type { StoredPush } from '../verify/verify-matcher';

/**
 * A gateway stand-in for the simulator's specs: verifies every push with the protocol library
 * as the real gateway does, answers `success` (or 503 for the pushes `refuse` picks) and keeps
 * what it accepted, as the QT sandbox would store it.
 */
export class FakeGateway {
  readonly accepted: StoredPush[] = [];
  readonly modes = new Set<string>();
  refuse: (n: number) => boolean = () => false;
  private readonly accounts: ReadonlyMap<string, PushAccount>;
  private server: Server | undefined;
  private seen = 0;

  constructor(accounts: readonly PushAccount[]) {
    this.accounts = new Map(accounts.map((a) => [a.appId, a]));
  }

  /** Starts listening on a free port; resolves to the base URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void readBody(req).then((text) => {
        const url = new URL(req.url ?? '/', 'http://stand-in');
        const account = this.accounts.get(url.pathname.replace('/wechat/', ''));
        const query = Object.fromEntries(url.searchParams);
        const opened = account && openPush({ account, query, body: text });
        if (!account || !opened || !opened.ok) return res.writeHead(400).end('bad push');
        if (this.refuse(++this.seen)) return res.writeHead(503).end('kafka down');

        this.modes.add(opened.mode);
        const { fromUserName, createTime, msgType, event, msgId } = opened.push;
        this.accepted.push({
          appId: account.appId,
          openId: fromUserName,
          createTime,
          msgType,
          event,
          msgId,
        });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('success');
      });
    });
    return listen(this.server);
  }

  stop(): Promise<void> {
    return close(this.server);
  }
}

/** A QT sandbox stand-in serving GET /events (account, since) from a list, as the real one does. */
export async function startFakeSandbox(
  events: () => StoredPush[],
): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const account = url.searchParams.get('account');
    const since = Number(url.searchParams.get('since') ?? 0);
    const list = events().filter((e) => e.appId === account && Number(e.createTime) >= since);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(list));
  });
  return { url: await listen(server), stop: () => close(server) };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    }),
  );
}

function close(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}
