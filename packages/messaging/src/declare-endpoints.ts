import type { FacadeConfig } from "./config.js";
import { Declarations } from "./declarations.js";
import { SetupError } from "./errors/setup-error.js";
import type { Setup } from "./setup.js";

/** Runs the endpoint setups in order (option setups are resolved before: see `resolveConfig`). */
export function declareEndpoints(config: FacadeConfig, setups: readonly Setup[]): Declarations {
  const declarations = new Declarations(config.serviceName);
  for (const setup of setups) {
    if (setup.kind !== "endpoint") continue;
    try {
      setup.declare(declarations, config);
    } catch (error) {
      throw new SetupError(setup.description, error);
    }
  }
  return declarations;
}
