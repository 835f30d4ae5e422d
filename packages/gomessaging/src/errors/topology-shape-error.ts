import { ConfigError } from "@natsflux/core";

/** Input that is not a topology (or a list of them): `path` points at the offending value. */
export class TopologyShapeError extends ConfigError {
  readonly path: string;

  constructor(path: string, problem: string) {
    super(path, problem);
    this.path = path;
  }
}
