/**
 * The fields each modelled push carries, as WeChat documents them and as the Quick Tracking
 * event table reads them. `'text'` is an element's text, a record is a nested element and a
 * one-element tuple is a list. Every field is optional: WeChat omits empty ones.
 */
export type Shape = 'text' | readonly [Shape] | { readonly [name: string]: Shape };

/** A shape whose value is a record of child elements. */
export type RecordShape = { readonly [name: string]: Shape };

const T = 'text';

const eventKey = { EventKey: T } as const;
const menu = { EventKey: T, MenuId: T } as const;
const scanCode = { EventKey: T, ScanCodeInfo: { ScanType: T, ScanResult: T } } as const;
const pics = {
  EventKey: T,
  SendPicsInfo: { Count: T, PicList: { item: [{ PicMd5Sum: T }] } },
} as const;
const fromArticle = { MsgDataId: T, Idx: T } as const;

/** Ordinary messages, by MsgType. */
export const MESSAGE_SHAPES = {
  text: { Content: T, MsgId: T, ...fromArticle },
  image: { PicUrl: T, MediaId: T, MsgId: T, ...fromArticle },
  voice: { MediaId: T, Format: T, Recognition: T, MsgId: T, ...fromArticle },
  video: { MediaId: T, ThumbMediaId: T, MsgId: T, ...fromArticle },
  shortvideo: { MediaId: T, ThumbMediaId: T, MsgId: T, ...fromArticle },
  location: { Location_X: T, Location_Y: T, Scale: T, Label: T, MsgId: T, ...fromArticle },
  link: { Title: T, Description: T, Url: T, MsgId: T, ...fromArticle },
} as const satisfies Record<string, RecordShape>;

const copyrightItem = {
  ArticleIdx: T,
  UserDeclareState: T,
  AuditState: T,
  OriginalArticleUrl: T,
  OriginalArticleType: T,
  CanReprint: T,
  NeedReplaceContent: T,
  NeedShowReprintSource: T,
} as const;

/** Events (MsgType `event`), by Event exactly as WeChat spells it. */
export const EVENT_SHAPES = {
  subscribe: { EventKey: T, Ticket: T },
  unsubscribe: eventKey,
  SCAN: { EventKey: T, Ticket: T },
  LOCATION: { Latitude: T, Longitude: T, Precision: T },
  CLICK: menu,
  VIEW: menu,
  view_miniprogram: menu,
  scancode_push: scanCode,
  scancode_waitmsg: scanCode,
  pic_sysphoto: pics,
  pic_photo_or_album: pics,
  pic_weixin: pics,
  location_select: {
    EventKey: T,
    SendLocationInfo: { Location_X: T, Location_Y: T, Scale: T, Label: T, Poiname: T },
  },
  TEMPLATESENDJOBFINISH: { MsgID: T, Status: T },
  MASSSENDJOBFINISH: {
    MsgID: T,
    Status: T,
    TotalCount: T,
    FilterCount: T,
    SentCount: T,
    ErrorCount: T,
    CopyrightCheckResult: { Count: T, ResultList: { item: [copyrightItem] }, CheckState: T },
    ArticleUrlResult: { Count: T, ResultList: { item: [{ ArticleIdx: T, ArticleUrl: T }] } },
  },
  PUBLISHJOBFINISH: {
    PublishEventInfo: {
      publish_id: T,
      publish_status: T,
      article_id: T,
      article_detail: { count: T, item: [{ idx: T, article_url: T }] },
      fail_idx: [T],
    },
  },
  subscribe_msg_popup_event: {
    SubscribeMsgPopupEvent: { List: [{ TemplateId: T, SubscribeStatusString: T, PopupScene: T }] },
  },
  subscribe_msg_change_event: {
    SubscribeMsgChangeEvent: { List: [{ TemplateId: T, SubscribeStatusString: T }] },
  },
  subscribe_msg_sent_event: {
    SubscribeMsgSentEvent: { List: [{ TemplateId: T, MsgID: T, ErrorCode: T, ErrorStatus: T }] },
  },
} as const satisfies Record<string, RecordShape>;
