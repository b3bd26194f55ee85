import type { QtEventCode } from './qt-event-codes';
import { textAt, type XmlRecord } from './xml-record';

// WeChat spells event names in mixed case (CLICK, subscribe, MASSSENDJOBFINISH); matched
// case-insensitively so that a change of case on WeChat's side does not lose events.
const EVENT_CODES: Readonly<Record<string, QtEventCode>> = {
  subscribe: '$$_official_account_follow',
  unsubscribe: '$$_official_account_unfollow',
  scan: '$$_scan_open_official_account',
  location: '$$_send_localtion',
  click: '$$_menu_click',
  view: '$$_menu_click',
  view_miniprogram: '$$_menu_click',
  scancode_push: '$$_menu_click',
  scancode_waitmsg: '$$_menu_click',
  pic_sysphoto: '$$_menu_click',
  pic_photo_or_album: '$$_menu_click',
  pic_weixin: '$$_menu_click',
  location_select: '$$_menu_click',
  subscribe_msg_popup_event: '$$_click_msg_popup',
  subscribe_msg_change_event: '$$_manager_msg_popup',
  subscribe_msg_sent_event: '$$_send_msg_popup',
  templatesendjobfinish: '$$_template_send_finish',
  masssendjobfinish: '$$_mass_send_finish',
  publishjobfinish: '$$_publish_job_finish',
};

/** Events WeChat documents that QT's table leaves out, named in metrics; others count as `other`. */
const KNOWN_UNMAPPED_EVENTS: ReadonlySet<string> = new Set([
  'kf_create_session',
  'kf_close_session',
  'kf_switch_session',
  'card_pass_check',
  'card_not_pass_check',
  'user_get_card',
  'user_gifting_card',
  'user_del_card',
  'user_consume_card',
  'user_view_card',
  'user_enter_session_from_card',
  'qualification_verify_success',
  'qualification_verify_fail',
  'naming_verify_success',
  'naming_verify_fail',
  'annual_renew',
  'verify_expired',
  'wificonnected',
  'shakearoundusershake',
  'poi_check_notify',
  'user_info_modified',
  'user_authorization_revoke',
]);

/** The QT event code a push maps to, or undefined when QT's table has no row for it. */
export function classifyPush(fields: XmlRecord): QtEventCode | undefined {
  const msgType = textAt(fields, ['MsgType'])?.toLowerCase();
  if (!msgType) return undefined;
  if (msgType !== 'event') return '$$_receive_msg';

  const eventName = textAt(fields, ['Event'])?.toLowerCase() ?? '';
  return Object.hasOwn(EVENT_CODES, eventName) ? EVENT_CODES[eventName] : undefined;
}

/**
 * A bounded metric label for a push outside QT's table: `event:<name>` for events WeChat
 * documents, `event:other` for any other event, `malformed` without a MsgType.
 */
export function unmappedPushLabel(fields: XmlRecord): string {
  const msgType = textAt(fields, ['MsgType'])?.toLowerCase();
  if (!msgType) return 'malformed';
  // Every ordinary message maps; kept for callers that label before classifying.
  if (msgType !== 'event') return 'msg:other';

  const eventName = textAt(fields, ['Event'])?.toLowerCase() ?? '';
  return KNOWN_UNMAPPED_EVENTS.has(eventName) ? `event:${eventName}` : 'event:other';
}
