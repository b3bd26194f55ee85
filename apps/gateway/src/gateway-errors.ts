import { CodedError } from '@oa-relay/observability';

/**
 * Stable codes of the gateway's own refusals (WeChat protocol refusals keep their WECHAT_*
 * codes), never reused:
 * - `GATEWAY_UNKNOWN_ACCOUNT`: no account with this AppID is configured (404).
 * - `GATEWAY_BODY_TOO_LARGE`: the body exceeds GATEWAY_BODY_LIMIT_BYTES (413).
 * - `GATEWAY_PUBLISH_UNAVAILABLE`: Kafka did not acknowledge in time; WeChat should retry (503).
 * - `GATEWAY_PUSH_IN_FLIGHT`: the same push is being stored by another request right now (503).
 * - `GATEWAY_INTERNAL_ERROR`: a bug stopped the push before an answer (500); logged as an error.
 *
 * Retired: `GATEWAY_BAD_BODY` (a body that could not be read as text; every body is now read as
 * UTF-8).
 */
export type GatewayErrorCode =
  | 'GATEWAY_UNKNOWN_ACCOUNT'
  | 'GATEWAY_BODY_TOO_LARGE'
  | 'GATEWAY_PUBLISH_UNAVAILABLE'
  | 'GATEWAY_PUSH_IN_FLIGHT'
  | 'GATEWAY_INTERNAL_ERROR';

/** A refusal or failure of the gateway itself. */
export class GatewayError extends CodedError<GatewayErrorCode> {}
