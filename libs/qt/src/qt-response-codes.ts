/** What a QT response code means for delivery. */
export interface QtResponseCodeInfo {
  /** QT's message for the code, as section 3.4 of the reference words it. */
  message: string;
  /** Whether sending the same request again could succeed. */
  retriable: boolean;
}

/**
 * QT's response codes (section 3.4). Only `Httpapi_300_200` is success; every other code
 * describes the request or the account's setup, so resending the same bytes cannot help.
 */
export const QT_RESPONSE_CODES = {
  Httpapi_300_200: { message: 'Report success', retriable: false },
  Httpapi_300_101: { message: 'Illegal signature', retriable: false },
  Httpapi_300_102: {
    message: 'The reported data type is not in JSON format.',
    retriable: false,
  },
  Httpapi_300_103: { message: 'Missing required fields', retriable: false },
  Httpapi_300_104: {
    message: 'The user attribute is missing a required field',
    retriable: false,
  },
  Httpapi_300_105: { message: 'Illegal event id', retriable: false },
  Httpapi_300_106: { message: 'Incorrect ak/sk', retriable: false },
  Httpapi_300_107: {
    message: 'Non-standard xml format of WeChat official account reporting log',
    retriable: false,
  },
  Httpapi_300_108: {
    message: 'The reported WeChat official account message is illegal',
    retriable: false,
  },
  Httpapi_300_109: {
    message: 'Unrecognized WeChat official account encryption type',
    retriable: false,
  },
  Httpapi_300_110: { message: 'Failed to obtain the unionid.', retriable: false },
} as const satisfies Readonly<Record<string, QtResponseCodeInfo>>;

/** One of QT's documented response codes. */
export type QtResponseCode = keyof typeof QT_RESPONSE_CODES;

/** The code QT answers on success. */
export const QT_SUCCESS_CODE = 'Httpapi_300_200' satisfies QtResponseCode;

/** Every documented code, success first. */
export const QT_RESPONSE_CODE_LIST = Object.keys(QT_RESPONSE_CODES) as readonly QtResponseCode[];

/** True when `code` is one of QT's documented response codes. */
export function isQtResponseCode(code: unknown): code is QtResponseCode {
  return typeof code === 'string' && Object.hasOwn(QT_RESPONSE_CODES, code);
}
