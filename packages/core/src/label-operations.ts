import {
  noopTelemetry,
  type OperationLabel,
  type ProcessOperation,
  type PublishOperation,
  type RequestOperation,
  type Telemetry,
} from "./telemetry.js";

/**
 * How a layer above the transports names each kind of operation. A labeller returns the span name and
 * attributes to add, or undefined to leave the operation as the transport described it.
 */
export interface OperationLabels {
  readonly publish?: (operation: PublishOperation) => OperationLabel | undefined;
  readonly process?: (operation: ProcessOperation) => OperationLabel | undefined;
  readonly request?: (operation: RequestOperation) => OperationLabel | undefined;
}

/**
 * `telemetry` with each operation's `name`/`attributes` filled in by `labels` first (a label's fields
 * win over the operation's). `settled` gets the operation labelled as for `process`. The no-op stays the
 * no-op, so transports still skip describing operations nobody listens to.
 */
export function labelOperations(telemetry: Telemetry, labels: OperationLabels): Telemetry {
  if (telemetry === noopTelemetry) return telemetry;
  const { publish, process, request } = labels;
  const labelled: Telemetry = {
    publish:
      publish === undefined
        ? (operation, run) => telemetry.publish(operation, run)
        : (operation, run) => telemetry.publish(withLabel(operation, publish(operation)), run),
    process:
      process === undefined
        ? (operation, run) => telemetry.process(operation, run)
        : (operation, run) => telemetry.process(withLabel(operation, process(operation)), run),
    request:
      request === undefined
        ? (operation, run) => telemetry.request(operation, run)
        : (operation, run) => telemetry.request(withLabel(operation, request(operation)), run),
  };
  const settled = telemetry.settled;
  if (settled !== undefined) {
    labelled.settled =
      process === undefined
        ? (operation, settlement) => settled.call(telemetry, operation, settlement)
        : (operation, settlement) =>
            settled.call(telemetry, withLabel(operation, process(operation)), settlement);
  }
  return labelled;
}

// One shallow copy per labelled operation; `headers` stays the same object, so trace injection still
// reaches the message.
function withLabel<O extends OperationLabel>(operation: O, label: OperationLabel | undefined): O {
  if (label === undefined) return operation;
  const copy: O = { ...operation };
  const mutable = copy as { name?: string; attributes?: OperationLabel["attributes"] };
  if (label.name !== undefined) mutable.name = label.name;
  if (label.attributes !== undefined) {
    mutable.attributes =
      operation.attributes === undefined
        ? label.attributes
        : { ...operation.attributes, ...label.attributes };
  }
  return copy;
}
