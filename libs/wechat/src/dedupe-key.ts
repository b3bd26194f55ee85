import { createHash } from 'node:crypto';
import type { WechatPush } from './wechat-push.types';

/**
 * The key under which WeChat's retries of one push collide. Messages: account, MsgId, sender
 * and CreateTime. Events: a hash of the whole decrypted body, since two distinct events can
 * share sender and second (a burst of send-result pushes does).
 */
export function dedupeKey(appId: string, opened: { push: WechatPush; xml: string }): string {
  const { push, xml } = opened;
  const msgId = push.fields.MsgId;
  if (push.msgType !== 'event' && typeof msgId === 'string') {
    return `${appId}:msg:${msgId}:${push.fromUserName}:${push.createTime}`;
  }
  return `${appId}:event:${createHash('sha256').update(xml, 'utf8').digest('hex')}`;
}
