/** No usable nats-server binary was found; the message says how to get one. */
export class NatsServerNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A nats-server did not become ready: it exited early or a bounded wait ran out. The message ends with
 * the tail of its log, which is also in `logTail`, because that is where the reason almost always is.
 */
export class ServerStartError extends Error {
  readonly logTail: string;
  /** The server could not bind one of its ports (another process took it); starting again may work. */
  readonly addressInUse: boolean;

  constructor(message: string, logTail: string, options?: ErrorOptions & { addressInUse?: boolean }) {
    super(logTail === "" ? message : `${message}\n--- nats-server log (tail) ---\n${logTail}`, options);
    this.name = new.target.name;
    this.logTail = logTail;
    this.addressInUse = options?.addressInUse ?? /address already in use/i.test(logTail);
  }
}

/** A bounded wait on a running server or cluster (e.g. for a meta leader) ran out. */
export class ServerTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An external command the harness needs (e.g. `openssl`) is not installed. */
export class ToolNotFoundError extends Error {
  readonly tool: string;
  constructor(tool: string, hint: string) {
    super(`\`${tool}\` was not found on PATH: ${hint}`);
    this.name = new.target.name;
    this.tool = tool;
  }
}
