import { announceServer, serverBinary, serverVersion } from "./binary.js";
import { ServerStartError } from "./errors.js";
import { uniqueName } from "./names.js";
import type { NatsServer, ServerOptions } from "./nats-server.js";
import { freePorts } from "./ports.js";
import { prepareServer } from "./server-process.js";

/** Port races with other processes are rare; a few fresh attempts make them invisible. */
export const START_ATTEMPTS = 3;
export const DEFAULT_READY_TIMEOUT_MS = 20_000;

/** Starts a nats-server on loopback with random client and monitoring ports; resolves once ready. */
export async function startServer(options: ServerOptions = {}): Promise<NatsServer> {
  const bin = options.bin ?? serverBinary();
  const version = serverVersion(bin);
  announceServer(bin, version);
  for (let attempt = 1; ; attempt++) {
    const [port, monitorPort] = (await freePorts(2)) as [number, number];
    const server = await prepareServer({
      bin,
      version,
      name: options.name ?? uniqueName("nats"),
      port,
      monitorPort,
      jetstream: options.jetstream ?? true,
      args: options.args ?? [],
      readyTimeoutMs: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
      extra: options.config,
    });
    try {
      await server.start();
      return server;
    } catch (error) {
      await server[Symbol.asyncDispose]();
      if (error instanceof ServerStartError && error.addressInUse && attempt < START_ATTEMPTS) continue;
      throw error;
    }
  }
}
