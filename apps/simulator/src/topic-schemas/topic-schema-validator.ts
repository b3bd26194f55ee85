import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** The four documented topics, each with a JSON Schema in docs/schemas/<topic>.schema.json. */
export const DOCUMENTED_TOPICS = [
  'wechat.raw.v1',
  'wechat.enriched.v1',
  'analytics.events.v1',
  'wechat.dlq.v1',
] as const;

/** One of the documented topic names. */
export type DocumentedTopic = (typeof DOCUMENTED_TOPICS)[number];

/** The outcome of checking one value: expected failures are values, not exceptions. */
export type TopicValidation = { valid: true } | { valid: false; errors: string[] };

/**
 * Finds docs/schemas by walking up from this file, so that the same code works from the
 * TypeScript sources (jest) and from the compiled output under dist/.
 */
export function findSchemasDir(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'docs', 'schemas');
    if (existsSync(join(candidate, 'wechat.raw.v1.schema.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error('docs/schemas not found above ' + from);
  }
}

/** The path of a documented topic's schema file. */
export function topicSchemaPath(topic: DocumentedTopic, schemasDir = findSchemasDir()): string {
  return join(schemasDir, `${topic}.schema.json`);
}

/** The sample value of each topic, as docs/topics.md shows it (the JSON block of its section). */
export function readDocumentedSamples(
  schemasDir: string = findSchemasDir(),
): Partial<Record<DocumentedTopic, unknown>> {
  const markdown = readFileSync(join(dirname(schemasDir), 'topics.md'), 'utf8');
  const samples: Partial<Record<DocumentedTopic, unknown>> = {};
  for (const section of markdown.split(/^## /m).slice(1)) {
    const topic = DOCUMENTED_TOPICS.find((t) => section.startsWith(`\`${t}\``));
    const block = /```json\n([\s\S]*?)\n```/.exec(section);
    if (topic && block) samples[topic] = JSON.parse(block[1]) as unknown;
  }
  return samples;
}

/** Validates topic values against the JSON Schemas kept in docs/schemas (ajv, draft 2020-12). */
export class TopicSchemaValidator {
  private readonly validators: ReadonlyMap<DocumentedTopic, ValidateFunction>;

  constructor(schemasDir: string = findSchemasDir()) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    for (const topic of DOCUMENTED_TOPICS) {
      const schema = JSON.parse(readFileSync(topicSchemaPath(topic, schemasDir), 'utf8')) as object;
      ajv.addSchema(schema);
    }
    this.validators = new Map(
      DOCUMENTED_TOPICS.map((topic) => [topic, ajv.getSchema(`${topic}.schema.json`)!]),
    );
  }

  /** Checks one decoded value (already JSON.parse'd) of `topic`. */
  validate(topic: DocumentedTopic, value: unknown): TopicValidation {
    const check = this.validators.get(topic)!;
    if (check(value)) return { valid: true };
    return { valid: false, errors: (check.errors ?? []).map(describeError) };
  }

  /** Checks a record value as it sits on Kafka: UTF-8 JSON text. */
  validateRecord(topic: DocumentedTopic, value: Buffer | string): TopicValidation {
    let decoded: unknown;
    try {
      decoded = JSON.parse(value.toString());
    } catch {
      return { valid: false, errors: ['value is not JSON'] };
    }
    return this.validate(topic, decoded);
  }
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  const extra =
    error.keyword === 'additionalProperties'
      ? ` (${String((error.params as { additionalProperty: string }).additionalProperty)})`
      : '';
  return `${where} ${error.message ?? error.keyword}${extra}`;
}
