import type { Closable } from "./closable.js";
import type { RequestHandler } from "./handler.js";
import type { StatusListener } from "./status.js";
import type { Subscription } from "./subscription.js";

export interface ServeOptions {
  /**
   * Queue group shared by the instances of a service, so each request is handled once.
   * `false` makes every instance receive every request.
   * @default "natsflux"
   */
  readonly queue?: string | false;
  readonly signal?: AbortSignal;
  /** @default 1 */
  readonly concurrency?: number;
  readonly onStatus?: StatusListener;
  /** Milliseconds `close()` lets running handlers finish before aborting them (see SubscribeOptions). @default 30000 */
  readonly drainTimeout?: number;
}

/**
 * Answers typed requests. A handler error or an undecodable request is answered with an error reply
 * the requester recognises, so callers never wait out a timeout for a failure that already happened.
 */
export interface Responder<Req, Resp> extends Closable {
  serve(subject: string, handler: RequestHandler<Req, Resp>, options?: ServeOptions): Promise<Subscription>;
}
