#!/usr/bin/env node
// The adapter process the TCK runner spawns: requests on stdin, responses on fd 3, logs on stdout/stderr.
// Environment: NATS_URL (required by hello), TCK_ADAPTER_LOG_LEVEL (debug|info|warn|error|silent).
import { fstatSync } from "node:fs";
import { describeError } from "./adapter-error.js";
import { fdLineWriter } from "./fd-writer.js";
import { logLevelFrom } from "./log-level.js";
import { serve } from "./serve.js";
import { TckAdapter } from "./tck-adapter.js";

const RESPONSE_FD = 3;

function log(message: string): void {
  console.error(`tck-adapter: ${message}`);
}

/**
 * Whether `fd` was handed to us (a pipe, socket, file or device). When the parent passes nothing there,
 * Node's own event loop takes the number (an epoll descriptor, which is none of those).
 */
function canWriteResponses(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    return stat.isFIFO() || stat.isSocket() || stat.isFile() || stat.isCharacterDevice();
  } catch {
    return false;
  }
}

async function main(): Promise<number> {
  if (!canWriteResponses(RESPONSE_FD)) {
    log(`file descriptor ${RESPONSE_FD} is not open: the TCK runner passes its response pipe there`);
    return 2;
  }
  const adapter = new TckAdapter({
    natsUrl: process.env.NATS_URL,
    logLevel: logLevelFrom(process.env.TCK_ADAPTER_LOG_LEVEL),
  });
  const stop = () => {
    void adapter.shutdown().finally(() => process.exit(143));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  const end = await serve({ input: process.stdin, writeLine: fdLineWriter(RESPONSE_FD), adapter, log });
  if (end === "eof") log("stdin closed; services closed");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(describeError(error));
    process.exit(1);
  },
);
