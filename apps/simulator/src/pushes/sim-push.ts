/** One push the simulator is about to send, before signing and encryption. */
export interface SimPush {
  /** The kind (generated) or the sample's file name without `.xml`. */
  kind: string;
  appId: string;
  /** ToUserName: the account's original id (safe mode's envelope repeats it). */
  toUserName: string;
  openId: string;
  /** CreateTime, seconds, as written in the XML. */
  createTime: string;
  msgType: string;
  event?: string;
  /** MsgId of messages, MsgID of send-result events: strings, they exceed 2^53. */
  msgId?: string;
  /** The plaintext push XML. */
  xml: string;
}

/** The account a push is addressed to, as far as building it needs. */
export interface SimTarget {
  appId: string;
  /** ToUserName of its pushes: the account's original id. */
  originalId: string;
}
