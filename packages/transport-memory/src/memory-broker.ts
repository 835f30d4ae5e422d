import { ConfigError } from "@natsflux/core";
import { validPublishSubject, validQueue, validSubscribeSubject } from "@natsflux/core/internal";
import { Entry } from "./broker-entry.js";
import type {
  BrokerDeliver,
  BrokerMessage,
  BrokerSubscribeOptions,
  BrokerSubscription,
  MemoryBrokerOptions,
  QueueStrategy,
} from "./broker-types.js";
import { receivedHeaders } from "./headers.js";
import { subjectMatches } from "./subject.js";

/**
 * An in-process message broker with Core NATS semantics: subjects with `*` and `>` wildcards, queue groups
 * (one member of each group gets a message, plain subscribers each get every message), reply subjects.
 * Routing happens when a message is published; delivery happens in a later microtask, one copy per
 * receiver, so a subscriber never runs inside the publisher's call stack and cannot see another one's
 * mutations. Messages from one publisher reach each subscriber in the order they were published.
 */
export class MemoryBroker {
  readonly #strategy: QueueStrategy;
  readonly #random: () => number;
  readonly #subscriptions = new Set<Entry>();
  readonly #turns = new Map<string, number>();
  readonly #inboxPrefix = `_INBOX.${Math.random().toString(36).slice(2, 10)}`;
  #inboxes = 0;

  constructor(options: MemoryBrokerOptions = {}) {
    const strategy = options.queueStrategy ?? "round-robin";
    if (strategy !== "round-robin" && strategy !== "random") {
      throw new ConfigError(
        "queueStrategy",
        `must be "round-robin" or "random", got ${JSON.stringify(strategy)}`,
      );
    }
    this.#strategy = strategy;
    this.#random = options.random ?? Math.random;
  }

  /** Subscriptions currently registered. */
  get subscriptionCount(): number {
    return this.#subscriptions.size;
  }

  /** A subject nobody else will use, for replies. */
  inbox(): string {
    this.#inboxes++;
    return `${this.#inboxPrefix}.${this.#inboxes}`;
  }

  subscribe(
    subject: string,
    deliver: BrokerDeliver,
    options: BrokerSubscribeOptions = {},
  ): BrokerSubscription {
    validSubscribeSubject(subject);
    const queue = validQueue(options.queue);
    const entry = new Entry(subject, queue, deliver, (e) => this.#subscriptions.delete(e));
    this.#subscriptions.add(entry);
    return entry;
  }

  /**
   * Routes a message and schedules its delivery. Returns how many subscriptions it was routed to, so a
   * requester can tell "no responders" at once.
   */
  publish(message: BrokerMessage): number {
    validPublishSubject(message.subject);
    const receivers = this.#route(message.subject);
    for (const entry of receivers) {
      // Each receiver gets its own bytes and headers, as if they had come over its own socket.
      entry.schedule({
        subject: message.subject,
        data: message.data.slice(),
        headers: receivedHeaders(message.headers),
        reply: message.reply,
      });
    }
    return receivers.length;
  }

  /** How many subscriptions a message on `subject` would reach now (a queue group counts once). */
  interest(subject: string): number {
    validPublishSubject(subject);
    let plain = 0;
    const groups = new Set<string>();
    for (const entry of this.#subscriptions) {
      if (!subjectMatches(entry.subject, subject)) continue;
      if (entry.queue === undefined) plain++;
      else groups.add(entry.queue);
    }
    return plain + groups.size;
  }

  #route(subject: string): Entry[] {
    const receivers: Entry[] = [];
    // Like nats-server, queue subscribers are grouped by queue name across every matching subject.
    const groups = new Map<string, Entry[]>();
    for (const entry of this.#subscriptions) {
      if (!subjectMatches(entry.subject, subject)) continue;
      if (entry.queue === undefined) {
        receivers.push(entry);
        continue;
      }
      const members = groups.get(entry.queue);
      if (members === undefined) groups.set(entry.queue, [entry]);
      else members.push(entry);
    }
    for (const [queue, members] of groups) receivers.push(this.#pick(queue, members));
    return receivers;
  }

  #pick(queue: string, members: Entry[]): Entry {
    let index: number;
    if (this.#strategy === "random") {
      index = Math.min(Math.floor(this.#random() * members.length), members.length - 1);
    } else {
      const turn = this.#turns.get(queue) ?? 0;
      this.#turns.set(queue, turn + 1);
      index = turn % members.length;
    }
    return members[Math.max(index, 0)] as Entry;
  }
}
