import { CodedError } from '@oa-relay/observability';

/** Every stable code of the simulator, with what it means. Codes are never reused. */
export const SIM_ERROR_CODES = {
  SIM_BAD_OPTION: 'a command-line option has a value the simulator cannot use',
  SIM_UNKNOWN_ACCOUNT: 'no account in the accounts file has the requested AppID',
  SIM_NO_AES_KEY: 'compatible or safe mode was asked for an account without an EncodingAESKey',
  SIM_UNKNOWN_KIND: 'a push kind in the mix is not one the simulator generates',
  SIM_SAMPLES_UNREADABLE: 'the samples directory is missing or holds no .xml push',
  SIM_MANIFEST_UNREADABLE: 'a manifest line is not an acknowledged push written by the simulator',
  SIM_MANIFEST_MISSING: 'the manifest file cannot be read (no such file, or not a file)',
  SIM_SANDBOX_UNREACHABLE: 'the QT sandbox did not answer GET /events with a JSON list',
} as const;

/** A stable code of the simulator. */
export type SimErrorCode = keyof typeof SIM_ERROR_CODES;

/** A failure the simulator reports to its user; context goes in `fields`, never secrets. */
export class SimError extends CodedError<SimErrorCode> {
  constructor(code: SimErrorCode, fields: Readonly<Record<string, unknown>> = {}) {
    super(code, SIM_ERROR_CODES[code], fields);
  }
}
