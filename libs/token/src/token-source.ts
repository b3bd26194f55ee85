/** A token as a source handed it out. */
export interface FetchedToken {
  token: string;
  /** Seconds the source says the token lives, when it says. */
  expiresInSec?: number;
}

/** Where one account's access_token comes from: a central server or WeChat itself. */
export interface TokenSource {
  readonly kind: 'central' | 'credentials';
  /** One request to the source; throws a TokenError naming what went wrong. */
  fetch(): Promise<FetchedToken>;
  /** Tells the source a token it handed out was rejected, where the source can hear it. */
  reportRejected?(token: string): Promise<void>;
}
