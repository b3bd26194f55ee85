import { serializeFastjsonSorted, type FastjsonValue } from './fastjson-serializer';
import { QtError } from './qt-errors';
import { signQtRequest } from './qt-sign';

/** What one QT request is built from: the account's QT settings and the push as WeChat sent it. */
export interface QtRequestInput {
  /** QT's ServiceID, sent as `app_id`. */
  serviceId: string;
  serviceSecret: string;
  /** The QT application key of the account. */
  appkey: string;
  /** The official account's AppID, sent as `code`. */
  appId: string;
  /** The push body as WeChat sent it, or the decrypted XML when the account asks for it. */
  weChatOAData: string;
  /** The WeChat query parameters of the original push; a repeated name holds every value. */
  query?: Readonly<Record<string, string | readonly string[]>>;
  /** Milliseconds since the epoch; sent as a string. */
  ts: number | string;
}

/** The fields QT receives (section 3.2), the query parameters among them, `sign` included. */
export type QtRequestFields = Readonly<Record<string, FastjsonValue>> & {
  readonly sign: string;
  readonly app_id: string;
  readonly appkey: string;
  readonly ts: string;
  readonly code: string;
  readonly weChatOAData: string;
};

/** A signed QT request: the JSON body to POST and the fields it holds. */
export interface QtRequest {
  body: string;
  fields: QtRequestFields;
}

const REQUIRED: readonly (keyof QtRequestInput)[] = [
  'serviceId',
  'serviceSecret',
  'appkey',
  'appId',
];

/**
 * Builds the request QT's Java demo builds: the query parameters first (one value as a string,
 * several as an array, as its paramMapToJson does), then QT's own fields over them, signed.
 */
export function buildQtRequest(input: QtRequestInput): QtRequest {
  const missing = REQUIRED.filter((name) => !input[name]);
  if (missing.length > 0) throw new QtError('QT_REQUEST_FIELD_MISSING', { fields: missing });

  const unsigned: Record<string, FastjsonValue> = {};
  for (const [name, value] of Object.entries(input.query ?? {})) {
    unsigned[name] = typeof value === 'string' || value.length !== 1 ? value : value[0];
  }
  Object.assign(unsigned, {
    app_id: input.serviceId,
    appkey: input.appkey,
    ts: String(input.ts),
    code: input.appId,
    weChatOAData: input.weChatOAData,
  });
  delete unsigned.sign;
  const sign = signQtRequest(unsigned, input.serviceSecret);
  const fields = { ...unsigned, sign } as QtRequestFields;

  return { body: serializeFastjsonSorted(fields), fields };
}
