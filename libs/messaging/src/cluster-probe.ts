import type { Admin } from 'kafkajs';
import { createKafka, type KafkaConnectionOptions } from './kafka-client';

/** How long one answer of the cluster stands for the next probes (ms). */
const ANSWER_FRESH_MS = 1_000;

/**
 * Asks the cluster itself whether it answers, for /health/ready. The producer's connection
 * flag cannot tell: kafkajs clears it only on a disconnect we asked for, so a broker that dies
 * after boot would leave an app "ready". One admin connection, one metadata request a second.
 */
export class ClusterProbe {
  private readonly admin: Admin;
  private connecting: Promise<void> | undefined;
  private last: { at: number; answers: Promise<boolean> } | undefined;

  constructor(options: KafkaConnectionOptions) {
    this.admin = createKafka({
      ...options,
      clientId: `${options.clientId}-probe`,
      connectionTimeoutMs: 1_000,
      requestTimeoutMs: 1_500,
      // One attempt per probe: the next probe is the retry.
      retry: { retries: 0 },
    }).admin();
  }

  /** True when a broker of the cluster answered a metadata request just now. */
  answers(): Promise<boolean> {
    const now = Date.now();
    if (this.last && now - this.last.at < ANSWER_FRESH_MS) return this.last.answers;
    const answers = this.ask();
    this.last = { at: now, answers };
    return answers;
  }

  async close(): Promise<void> {
    await this.admin.disconnect().catch(() => undefined);
  }

  private async ask(): Promise<boolean> {
    try {
      this.connecting ??= this.admin.connect().catch((error: unknown) => {
        this.connecting = undefined;
        throw error;
      });
      await this.connecting;
      const cluster = await this.admin.describeCluster();
      return cluster.brokers.length > 0;
    } catch {
      return false;
    }
  }
}
