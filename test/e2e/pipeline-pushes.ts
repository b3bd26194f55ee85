import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@oa-relay/testing';
import { buildPushRequest, type PushMode, type PushRequest } from '@oa-relay/wechat';
import type { CapturedRequest, PipelineStack } from './pipeline-stack';

/** The shared sample pushes, read in place. */
export const samplesDir = join(__dirname, '..', '..', '..', 'shared', 'samples', 'pushes');

/** What an account needs to sign and encrypt its pushes as WeChat does. */
export interface SendingAccount {
  appId: string;
  token: string;
  encodingAESKey?: string;
}

/** A push sent to the gateway: its plaintext, the request as WeChat sent it, the reply. */
export interface SentPush {
  xml: string;
  request: PushRequest;
  answer: Response;
}

/** Sends a sample push to the gateway in `mode`, built as WeChat builds it. */
export async function sendSample(
  stack: PipelineStack,
  account: SendingAccount,
  mode: PushMode,
  sample: string,
): Promise<SentPush> {
  const xml = readFileSync(join(samplesDir, sample), 'utf8');
  const request = buildPushRequest({ ...account, mode, xml });

  const search = new URLSearchParams(request.query).toString();
  const answer = await fetch(`${stack.gatewayUrl}/wechat/${account.appId}?${search}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: request.body,
  });
  return { xml, request, answer };
}

/** A request QT received, its fields parsed, and the QT sandbox's answer to it. */
export interface QtExchange {
  request: CapturedRequest;
  fields: Record<string, string>;
  answer: { status: number; code: string };
}

/** Waits until the request carrying this push's nonce reached QT and was answered. */
export async function qtExchangeFor(stack: PipelineStack, push: SentPush): Promise<QtExchange> {
  return waitFor(
    () => {
      for (const request of stack.qtRequests) {
        const fields = JSON.parse(request.body) as Record<string, string>;
        if (fields.nonce !== push.request.query.nonce || !request.answer) continue;
        const { code } = JSON.parse(request.answer.body) as { code: string };
        return { request, fields, answer: { status: request.answer.status, code } };
      }
      return undefined;
    },
    {
      description: `QT's answer to the push with nonce ${push.request.query.nonce}`,
      timeoutMs: 60_000,
    },
  );
}

/** An event as the QT sandbox stores it, the fields these specs check. */
export interface StoredQtEvent {
  code: string;
  attributes: Record<string, unknown>;
  xml: string;
  encrypted: boolean;
}

/** What the QT sandbox stored for an account, newest first. */
export async function storedEvents(stack: PipelineStack, appId: string): Promise<StoredQtEvent[]> {
  const response = await fetch(`${stack.sandboxUrl}/events?account=${appId}`);
  return (await response.json()) as StoredQtEvent[];
}

/** QT's sign as section 3.3 defines it; for the samples' characters plain JSON equals fastjson's. */
export function qtSign(fields: Record<string, unknown>, secret: string): string {
  const sorted = Object.fromEntries(
    Object.keys(fields)
      .sort()
      .map((k) => [k, fields[k]]),
  );
  return createHash('md5')
    .update(JSON.stringify(sorted) + secret, 'utf8')
    .digest('hex');
}
