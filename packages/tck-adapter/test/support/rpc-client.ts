/** A response as the runner decodes it. */
export interface Reply {
  readonly id: number;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly code: number; readonly message: string };
}

/**
 * The runner's side of the protocol: numbered requests out, response lines in. Keeps every response
 * line as received, so tests can check the exact text (one line per request, raw payloads).
 */
export class RpcClient {
  readonly lines: string[] = [];
  readonly #send: (line: string) => void;
  readonly #replies = new Map<number, Reply>();
  readonly #waiters = new Map<number, (reply: Reply) => void>();
  #nextId = 1;

  constructor(send: (line: string) => void) {
    this.#send = send;
  }

  /** Feed one response line (without the newline). */
  receive(line: string): void {
    this.lines.push(line);
    const reply = JSON.parse(line) as Reply;
    const waiter = this.#waiters.get(reply.id);
    if (waiter === undefined) {
      this.#replies.set(reply.id, reply);
      return;
    }
    this.#waiters.delete(reply.id);
    waiter(reply);
  }

  /** Sends a request and resolves with its response (the runner waits 30 s; tests wait less). */
  call(method: string, params: unknown = {}, timeoutMs = 20_000): Promise<Reply> {
    const id = this.#nextId++;
    this.#send(JSON.stringify({ id, method, params }));
    return this.reply(id, timeoutMs);
  }

  /** Sends a line as is. */
  sendRaw(line: string): void {
    this.#send(line);
  }

  reply(id: number, timeoutMs = 20_000): Promise<Reply> {
    const ready = this.#replies.get(id);
    if (ready !== undefined) {
      this.#replies.delete(id);
      return Promise.resolve(ready);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(id);
        reject(new Error(`no response to request ${id} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
  }

  /** Calls and expects a result. */
  async ok(method: string, params: unknown = {}): Promise<Record<string, unknown>> {
    const reply = await this.call(method, params);
    if (reply.error !== undefined) throw new Error(`${method} failed: ${reply.error.message}`);
    return reply.result ?? {};
  }

  /** Polls `received` like the runner (every 50 ms, up to 5 s) until `count` messages are there. */
  async received(serviceName: string, count: number): Promise<ReceivedWire[]> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const { messages } = (await this.ok("received", { serviceName })) as { messages: ReceivedWire[] };
      if (messages.length >= count || Date.now() > deadline) return messages;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export interface ReceivedWire {
  routingKey: string;
  payload: unknown;
  metadata: Record<string, string>;
  deliveryInfo: { Destination: string; Source: string; Key: string; Headers: Record<string, string> };
}
