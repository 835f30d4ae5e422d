import type { Logger } from "../logger.js";
import type { ConsumerLabels, MetricsRecorder, PublishLabels } from "../metrics-recorder.js";

/**
 * Wraps a recorder so that a throwing implementation (or routing-key mapper) can never turn a handled
 * message or a publish into a failure. The first failure of each method is logged, later ones are not.
 */
export function guardedMetrics(recorder: MetricsRecorder, logger: Logger): MetricsRecorder {
  const failed = new Set<string>();
  const guard =
    <A extends unknown[]>(name: keyof MetricsRecorder, record: (...args: A) => void) =>
    (...args: A): void => {
      try {
        record(...args);
      } catch (error) {
        if (failed.has(name)) return;
        failed.add(name);
        logger.warn("metrics recorder threw; ignored (logged once per metric)", { metric: name, error });
      }
    };
  return {
    eventReceived: guard("eventReceived", (l: ConsumerLabels) => recorder.eventReceived(l)),
    eventAck: guard("eventAck", (l: ConsumerLabels, ms: number) => recorder.eventAck(l, ms)),
    eventNak: guard("eventNak", (l: ConsumerLabels, ms: number) => recorder.eventNak(l, ms)),
    eventWithoutHandler: guard("eventWithoutHandler", (l: ConsumerLabels) => recorder.eventWithoutHandler(l)),
    eventNotParsable: guard("eventNotParsable", (l: ConsumerLabels) => recorder.eventNotParsable(l)),
    publishSucceed: guard("publishSucceed", (l: PublishLabels, ms: number) => recorder.publishSucceed(l, ms)),
    publishFailed: guard("publishFailed", (l: PublishLabels, ms: number) => recorder.publishFailed(l, ms)),
  };
}
