export { gate } from "./polling/gate.js";
export { nextTurn } from "./polling/next-turn.js";
export { UntilTimeoutError, until } from "./polling/until.js";
export { serverBinary, serverVersion } from "./server/binary.js";
export { type NatsCluster, startCluster } from "./server/cluster.js";
export {
  NatsServerNotFoundError,
  ServerStartError,
  ToolNotFoundError,
} from "./server/errors.js";
export { externalServerUrl } from "./server/external.js";
export { uniqueName } from "./server/names.js";
export type { NatsServer } from "./server/nats-server.js";
export { startServer } from "./server/start-server.js";
export { generateTestTls, type TestTls } from "./server/tls.js";
export { versionAtLeast } from "./server/version.js";
