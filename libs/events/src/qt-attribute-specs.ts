import type { QtEventCode } from './qt-event-codes';
import { textAt, type XmlPath, type XmlRecord } from './xml-record';

/**
 * How one QT attribute is read from a push.
 * - `string`: the first text found; `number`: the same, as a finite number or left out.
 * - `list`: every text found, in document order, joined with commas, as QT's table types
 *   list-valued attributes (several template ids, copyright results, article indexes) as
 *   one string.
 * - `json`: a nested element (scan info, picture list, location info) as JSON text, the
 *   table's type being string; its children also appear as their own attributes.
 */
export interface AttributeSpec {
  key: string;
  type: 'string' | 'number' | 'list' | 'json';
  /** Where to look, in order; the first path that yields something wins. */
  from: readonly XmlPath[];
  /** Computes the value instead, for an attribute QT derives rather than copies. */
  derive?: (fields: XmlRecord) => string;
}

const at = (key: string, type: AttributeSpec['type'], ...from: XmlPath[]): AttributeSpec => ({
  key,
  type,
  from: from.length > 0 ? from : [[key]],
});

const msgType = at('MsgType', 'string');
const event = at('Event', 'string');
const eventKey = at('EventKey', 'string');
const ticket = at('Ticket', 'string');

// QT merges plain follows and follows by scanning a QR code into one event; the scene key
// (qrscene_…) or a ticket is what tells them apart.
const isScan: AttributeSpec = {
  key: 'is_scan',
  type: 'string',
  from: [],
  derive: (fields) => {
    const scene = textAt(fields, ['EventKey']) ?? '';
    const qrTicket = textAt(fields, ['Ticket']) ?? '';
    return String(scene.startsWith('qrscene_') || qrTicket.length > 0);
  },
};

const copyright = (key: string) =>
  at(key, 'list', ['CopyrightCheckResult', 'ResultList', 'item', key]);
const published = (...path: string[]): XmlPath[] => [['PublishEventInfo', ...path], path];
const subscribeList = (container: string, ...keys: string[]) =>
  keys.map((key) => at(key, 'list', [container, 'List', key]));

/** Each code's attributes, keys and types exactly as QT's event table spells them. */
export const QT_ATTRIBUTE_SPECS: Readonly<Record<QtEventCode, readonly AttributeSpec[]>> = {
  $$_menu_click: [
    msgType,
    event,
    eventKey,
    // WeChat writes MenuId; QT's table names the attribute MenuID.
    at('MenuID', 'string', ['MenuId'], ['MenuID']),
    at('ScanCodeInfo', 'json'),
    at('ScanType', 'string', ['ScanCodeInfo', 'ScanType']),
    at('ScanResult', 'string', ['ScanCodeInfo', 'ScanResult']),
    at('SendPicsInfo', 'json'),
    at('Count', 'number', ['SendPicsInfo', 'Count']),
    at('SendLocationInfo', 'json'),
    at('Location_X', 'string', ['SendLocationInfo', 'Location_X']),
    at('Location_Y', 'string', ['SendLocationInfo', 'Location_Y']),
    at('Scale', 'number', ['SendLocationInfo', 'Scale']),
    at('Label', 'string', ['SendLocationInfo', 'Label']),
    at('Poiname', 'string', ['SendLocationInfo', 'Poiname']),
  ],
  $$_official_account_follow: [isScan, eventKey, event, ticket],
  $$_official_account_unfollow: [msgType, event],
  $$_scan_open_official_account: [msgType, event, eventKey, ticket],
  $$_send_localtion: [
    event,
    at('Latitude', 'number'),
    at('Longitude', 'number'),
    at('Precision', 'number'),
  ],
  $$_send_msg_popup: subscribeList(
    'SubscribeMsgSentEvent',
    'TemplateId',
    'MsgID',
    'ErrorCode',
    'ErrorStatus',
  ),
  $$_click_msg_popup: subscribeList(
    'SubscribeMsgPopupEvent',
    'TemplateId',
    'SubscribeStatusString',
    'PopupScene',
  ),
  $$_manager_msg_popup: subscribeList(
    'SubscribeMsgChangeEvent',
    'TemplateId',
    'SubscribeStatusString',
  ),
  $$_template_send_finish: [msgType, event, at('MsgID', 'string'), at('Status', 'string')],
  $$_mass_send_finish: [
    msgType,
    event,
    at('MsgID', 'string'),
    at('Status', 'string'),
    at('TotalCount', 'number'),
    at('FilterCount', 'number'),
    at('SentCount', 'number'),
    at('ErrorCount', 'number'),
    at(
      'ArticleIdx',
      'list',
      ['CopyrightCheckResult', 'ResultList', 'item', 'ArticleIdx'],
      ['ArticleUrlResult', 'ResultList', 'item', 'ArticleIdx'],
    ),
    copyright('UserDeclareState'),
    copyright('AuditState'),
    copyright('OriginalArticleUrl'),
    copyright('OriginalArticleType'),
    copyright('CanReprint'),
    copyright('NeedReplaceContent'),
    copyright('NeedShowReprintSource'),
    at('CheckState', 'string', ['CopyrightCheckResult', 'CheckState']),
    at('ArticleUrl', 'list', ['ArticleUrlResult', 'ResultList', 'item', 'ArticleUrl']),
  ],
  $$_publish_job_finish: [
    at('publish_id', 'string', ...published('publish_id')),
    at('publish_status', 'string', ...published('publish_status')),
    at('article_id', 'string', ...published('article_id')),
    at('count', 'number', ...published('article_detail', 'count')),
    at('idx', 'list', ...published('article_detail', 'item', 'idx')),
    // WeChat writes article_url; QT's table names the attribute article_URL.
    at('article_URL', 'list', ...published('article_detail', 'item', 'article_url')),
    at('fail_idx', 'list', ...published('fail_idx')),
  ],
  $$_receive_msg: [
    msgType,
    ...['Content', 'MsgId', 'MsgDataId', 'Idx', 'PicUrl', 'MediaId', 'Format', 'Recognition'].map(
      (key) => at(key, 'string'),
    ),
    at('ThumbMediaId', 'string'),
    at('Location_X', 'number'),
    at('Location_Y', 'number'),
    at('Scale', 'number'),
    at('Label', 'string'),
    at('Title', 'string'),
    at('Description', 'string'),
    at('Url', 'string'),
  ],
};
