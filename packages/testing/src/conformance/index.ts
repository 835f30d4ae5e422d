export { describeTransportConformance } from "./describe-conformance.js";
export { waitFor } from "./wait-for.js";
