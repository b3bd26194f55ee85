import { CodedError } from '@oa-relay/observability';
import type { ZodIssue } from 'zod';

/** Stable codes of the configuration library. */
export type ConfigErrorCode = 'CONFIG_INVALID' | 'CONFIG_ACCOUNTS_UNREADABLE';

/** Every problem found in one pass, each named by its setting, never by its value. */
export class ConfigError extends CodedError<ConfigErrorCode> {
  constructor(
    code: ConfigErrorCode,
    readonly problems: readonly string[],
    source: string,
  ) {
    super(code, `invalid configuration in ${source}:\n  - ${problems.join('\n  - ')}`, {
      source,
      problems,
    });
  }
}

/**
 * Describes an issue by the setting's name and what was expected. Zod's own messages can
 * quote the received value, which may be a secret, so they are not used.
 */
export function describeIssue(issue: ZodIssue): string {
  const name = issue.path.length > 0 ? issue.path.join('.') : '(root)';
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return `${name} is required`;
  if (issue.code === 'custom') return `${name}: ${issue.message}`;
  if (issue.code === 'invalid_type') return `${name} must be a ${issue.expected}`;
  if (issue.code === 'invalid_enum_value') {
    return `${name} must be one of ${issue.options.map(String).join(', ')}`;
  }
  if (issue.code === 'too_small' || issue.code === 'too_big') return `${name} is out of range`;
  if (issue.code === 'invalid_string' && issue.validation === 'regex') {
    return `${name} has the wrong format`;
  }
  if (issue.code === 'invalid_string')
    return `${name} is not a valid ${typeof issue.validation === 'string' ? issue.validation : 'value'}`;
  if (issue.code === 'unrecognized_keys')
    return `${name} has unknown keys ${issue.keys.join(', ')}`;
  return `${name} is invalid (${issue.code})`;
}
