import type { PubAck } from "./publish-options.js";

/** A publish that the pipeline has sent; `ack` settles with the stream's answer for this message alone. */
export interface PipelinedPublish {
  readonly subject: string;
  /** Never left as an unhandled rejection: failures are also counted in the next `flush()` summary. */
  readonly ack: Promise<PubAck>;
}

/**
 * One message in a pipeline, from `publish()` until its ack. The `ack` promise is made only when someone
 * reads it: most pipelines are judged by `flush()`, and a promise (plus the machinery to settle it) per
 * message was a measurable part of pipelined publishing.
 */
export class QueuedPublish implements PipelinedPublish {
  readonly subject: string;
  readonly msgId: string | undefined;
  readonly send: () => Promise<PubAck>;
  #state: "pending" | "acked" | "failed" = "pending";
  #outcome: unknown;
  #ack: Promise<PubAck> | undefined;
  #resolve: ((ack: PubAck) => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;

  constructor(subject: string, msgId: string | undefined, send: () => Promise<PubAck>) {
    this.subject = subject;
    this.msgId = msgId;
    this.send = send;
  }

  get ack(): Promise<PubAck> {
    if (this.#ack === undefined) {
      if (this.#state === "acked") this.#ack = Promise.resolve(this.#outcome as PubAck);
      else if (this.#state === "failed") this.#ack = Promise.reject(this.#outcome);
      else {
        this.#ack = new Promise<PubAck>((resolve, reject) => {
          this.#resolve = resolve;
          this.#reject = reject;
        });
      }
      this.#ack.catch(() => {});
    }
    return this.#ack;
  }

  acked(ack: PubAck): void {
    this.#state = "acked";
    this.#outcome = ack;
    this.#resolve?.(ack);
  }

  failed(error: unknown): void {
    this.#state = "failed";
    this.#outcome = error;
    this.#reject?.(error);
  }
}
