import type { FacadeConfig } from "./config.js";
import type { FacadeOptions } from "./connection-options.js";
import type { Declarations } from "./declarations.js";

/** Sets connection-wide options (the same ones `createConnection` takes); applied before any endpoint setup. */
export interface OptionSetup {
  readonly kind: "option";
  readonly description: string;
  readonly options: FacadeOptions;
}

/** Declares endpoints (publishers, consumers, handlers) of the service. */
export interface EndpointSetup {
  readonly kind: "endpoint";
  readonly description: string;
  declare(declarations: Declarations, config: FacadeConfig): void;
}

/** What `start()` and `collectTopology()` take: options and endpoint declarations, in any order. */
export type Setup = OptionSetup | EndpointSetup;
