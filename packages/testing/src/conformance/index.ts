export { describeTransportConformance } from "./describe-conformance.js";
export type {
  ConformanceCapabilities,
  ConformanceContext,
  ConformanceTarget,
} from "./types.js";
export { isPending, waitFor, within } from "./wait-for.js";
