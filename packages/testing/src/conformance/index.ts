export { describeTransportConformance } from "./describe-conformance.js";
export type {
  ConformanceCapabilities,
  ConformanceContext,
  ConformanceTarget,
} from "./types.js";
export { waitFor } from "./wait-for.js";
