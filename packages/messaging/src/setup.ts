import type { FacadeConfig } from "./config.js";
import type { Declarations } from "./declarations.js";

/** Adjusts connection-wide configuration. Applied before any endpoint setup, wherever it appears. */
export interface OptionSetup {
  readonly kind: "option";
  readonly description: string;
  apply(config: FacadeConfig): void;
}

/** Declares endpoints (publishers, consumers, handlers) of the service. */
export interface EndpointSetup {
  readonly kind: "endpoint";
  readonly description: string;
  declare(declarations: Declarations, config: Readonly<FacadeConfig>): void;
}

/** What `start()` and `collectTopology()` take: options and endpoint declarations, in any order. */
export type Setup = OptionSetup | EndpointSetup;
