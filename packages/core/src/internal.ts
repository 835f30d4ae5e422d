// Building blocks shared by the natsflux transports. Not part of the stable API: may change in any release.
export { isHeaderPairs } from "./headers.js";
export { onAbort, raceAbort, throwIfAborted } from "./runtime/abort.js";
export { applyDecision } from "./runtime/apply-decision.js";
export { AsyncQueue } from "./runtime/async-queue.js";
export { decodeWith, encodeWith } from "./runtime/codec-calls.js";
export {
  type DispatchOptions,
  DispatchSubscription,
  validConcurrency,
} from "./runtime/dispatch-subscription.js";
export { Dispatcher } from "./runtime/dispatcher.js";
export { drainWithin } from "./runtime/drain-within.js";
export { DropReporter } from "./runtime/drop-reporter.js";
export { headerProblem } from "./runtime/header-rules.js";
export { LiveSubscriptions } from "./runtime/live-subscriptions.js";
export { notify } from "./runtime/notify.js";
export { Once } from "./runtime/once.js";
export { PublishSubjectCheck } from "./runtime/publish-subject-check.js";
export {
  defaultPushBufferSize,
  type OpenPush,
  type PushOptions,
  type PushSource,
  PushSubscriptions,
  type PushTarget,
} from "./runtime/push-subscriptions.js";
export {
  type HeldBack,
  RateLimiter,
  type RateLimiterOptions,
  type RateLimits,
} from "./runtime/rate-limiter.js";
export { type Settle, settle } from "./runtime/settle.js";
export { stopGraceMs } from "./runtime/shutdown-bounds.js";
export { StreamSubscription, type StreamSubscriptionOptions } from "./runtime/stream-subscription.js";
export {
  defaultMaxControlLine,
  replyInboxBytes,
  utf8Length,
  validMaxControlLine,
  validPublishSubject,
  validQueueName,
  validSubscribeSubject,
  validSubscription,
} from "./runtime/subjects.js";
export type { SubscriptionSource } from "./runtime/subscription-source.js";
export {
  validCount,
  validFunction,
  validMethods,
  validOneOf,
  validQueue,
  validRecord,
  validString,
  validTimeout,
  validTimeouts,
  validWholeNumber,
} from "./runtime/validate-options.js";
export { within } from "./runtime/within.js";
