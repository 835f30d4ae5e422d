import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// A full collection before each measured run, so garbage one side left behind is not collected on the
// other side's clock. Works without starting node with --expose-gc.
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

export function fullGc(): void {
  collect();
}
