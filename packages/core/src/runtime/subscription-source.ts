/** The transport side of a subscription: how to stop the flow of messages from the server. */
export interface SubscriptionSource<M> {
  /** Stop receiving at once. */
  stop(): Promise<void>;
  /** Stop receiving gracefully; resolves after every message already received has been delivered. */
  drain(): Promise<void>;
  /**
   * Receives messages that were received but will never be handled because of `stop()`
   * (JetStream naks them so they are redelivered promptly; Core NATS reports them).
   */
  discard?(items: M[]): void;
}
