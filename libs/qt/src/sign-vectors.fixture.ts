import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One request of the golden vectors, as QT's Java demo built and signed it. */
export interface RequestVector {
  name: string;
  input: {
    serviceId: string;
    serviceSecret: string;
    appkey: string;
    appId: string;
    ts: string;
    weChatOAData: string;
    query: Record<string, string[]>;
  };
  signedJson: string;
  sign: string;
  body: string;
}

/** libs/qt/test-vectors/sign-vectors.json, written by infra/fastjson-vectors/generate.sh. */
export interface SignVectors {
  fastjsonVersion: string;
  escapes: [number, string][];
  serialize: { fields: Record<string, string | string[]>; json: string; md5: string }[];
  md5: { input: string; md5: string }[];
  requests: RequestVector[];
}

/** Reads the golden vectors generated with the real fastjson; for specs only. */
export function loadSignVectors(): SignVectors {
  const path = join(__dirname, '..', 'test-vectors', 'sign-vectors.json');
  return JSON.parse(readFileSync(path, 'utf8')) as SignVectors;
}
