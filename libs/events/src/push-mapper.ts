import type { AttributeValue } from './topic-payloads';
import { classifyPush } from './push-classifier';
import { QT_ATTRIBUTE_SPECS, type AttributeSpec } from './qt-attribute-specs';
import type { QtEventCode } from './qt-event-codes';
import { textAt, textsAt, valuesAt, type XmlRecord } from './xml-record';

/** A push as QT's table describes it: the event code and its typed attributes. */
export interface QtEvent {
  code: QtEventCode;
  attributes: Record<string, AttributeValue>;
}

/**
 * Maps a parsed push to its QT event, or undefined when QT's table has no row for it.
 * Attributes the push does not carry are left out rather than sent empty.
 */
export function mapPushToQtEvent(fields: XmlRecord): QtEvent | undefined {
  const code = classifyPush(fields);
  if (!code) return undefined;

  const attributes: Record<string, AttributeValue> = {};
  for (const spec of QT_ATTRIBUTE_SPECS[code]) {
    const value = readAttribute(fields, spec);
    if (value !== undefined) attributes[spec.key] = value;
  }
  return { code, attributes };
}

/** The attributes of a push outside QT's table, when an account forwards everything: its top-level text. */
export function unmappedAttributes(fields: XmlRecord): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  for (const key of Object.keys(fields)) {
    const text = textAt(fields, [key]);
    if (text !== undefined) attributes[key] = text;
  }
  return attributes;
}

function readAttribute(fields: XmlRecord, spec: AttributeSpec): AttributeValue | undefined {
  if (spec.derive) return spec.derive(fields);
  for (const path of spec.from) {
    const value = readAt(fields, path, spec.type);
    if (value !== undefined) return value;
  }
  return undefined;
}

function readAt(
  fields: XmlRecord,
  path: readonly string[],
  type: AttributeSpec['type'],
): AttributeValue | undefined {
  switch (type) {
    case 'string':
      return textAt(fields, path);
    case 'number':
      return toNumber(textAt(fields, path));
    case 'list': {
      const texts = textsAt(fields, path);
      return texts.length > 0 ? texts.join(',') : undefined;
    }
    case 'json': {
      const values = valuesAt(fields, path);
      if (values.length === 0) return undefined;
      return typeof values[0] === 'string' ? values[0] : JSON.stringify(values[0]);
    }
  }
}

function toNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
