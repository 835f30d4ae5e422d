import { natsRoutingKeyFromSubject } from "../naming/nats-transport.js";
import type { RoutingTable } from "../routing/routing-table.js";

/**
 * The route of a received JetStream subject: its routing key (after the stream) looked up in `table`.
 * The last answer is kept, because a consumer asks twice about each message (to pick the codec, then the
 * handler), and consecutive messages often share a subject.
 */
export class SubjectRoutes<H> {
  readonly #table: RoutingTable<H>;
  #subject = "";
  #key = "";
  #route: H | undefined;

  constructor(table: RoutingTable<H>) {
    this.#table = table;
  }

  /** The registration for `subject`, or `undefined` when none matches its routing key. */
  find(subject: string): H | undefined {
    this.#look(subject);
    return this.#route;
  }

  /** The routing key of `subject`. */
  keyOf(subject: string): string {
    this.#look(subject);
    return this.#key;
  }

  #look(subject: string): void {
    if (subject === this.#subject) return;
    this.#subject = subject;
    this.#key = natsRoutingKeyFromSubject(subject);
    this.#route = this.#table.find(this.#key);
  }
}
