export { describeTransportConformance } from "./describe-conformance.js";
export { isPending, waitFor } from "./wait-for.js";
