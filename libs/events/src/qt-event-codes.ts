/**
 * Quick Tracking's event codes for official accounts, spelled exactly as its event table
 * (section 2 of the reference) spells them, `$$_send_localtion` included: QT matches codes
 * byte for byte, so the misspelling is the contract.
 */
export const QT_EVENT_CODES = [
  '$$_menu_click',
  '$$_official_account_follow',
  '$$_official_account_unfollow',
  '$$_scan_open_official_account',
  '$$_send_localtion',
  '$$_send_msg_popup',
  '$$_click_msg_popup',
  '$$_manager_msg_popup',
  '$$_template_send_finish',
  '$$_mass_send_finish',
  '$$_publish_job_finish',
  '$$_receive_msg',
] as const;

/** One of QT's official account event codes. */
export type QtEventCode = (typeof QT_EVENT_CODES)[number];

/** The code `analytics.events.v1` carries for a push outside QT's table, forwarded on request. */
export const QT_UNMAPPED_CODE = '$$_unmapped';

/** True when `code` is one of QT's official account event codes. */
export function isQtEventCode(code: unknown): code is QtEventCode {
  return typeof code === 'string' && (QT_EVENT_CODES as readonly string[]).includes(code);
}

/** QT's platform value for an official account: `<AppID>@wechatoa`. */
export function qtPlatform(appId: string): string {
  return `${appId}@wechatoa`;
}
