// Runs a command (an example) with NATS_URL set: to $NATS_URL when it is set, otherwise to a throwaway
// nats-server started through the test harness (random loopback port, temporary JetStream store), which is
// stopped once the command ends. The examples themselves only read NATS_URL, so they can be copied out of
// the repository; this runner is the repository's convenience (`pnpm quickstart`, `start:local`).
//
//   tsx --conditions=@natsflux/source scripts/with-nats.ts <command> [args...]
//
// The server binary is $NATS_SERVER_BIN, or what scripts/ensure-nats-server.sh provides. Exits with the
// command's exit code (1 when it died of a signal).
import { execFileSync, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type NatsServer, startServer } from "../packages/testing/src/index.js";

const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  console.error("usage: with-nats.ts <command> [args...]");
  process.exit(2);
}

function ensureServerBinary(): string {
  const fromEnv = process.env.NATS_SERVER_BIN?.trim();
  if (fromEnv) return fromEnv;
  const script = fileURLToPath(new URL("./ensure-nats-server.sh", import.meta.url));
  // stdout is the binary's path; progress (a first Go build takes a minute or two) goes to stderr.
  return execFileSync("bash", [script], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: 10 * 60 * 1000,
  }).trim();
}

let server: NatsServer | undefined;
const external = process.env.NATS_URL?.trim();
if (!external) {
  server = await startServer({ bin: ensureServerBinary() });
  console.log(
    `with-nats: NATS_URL is not set: started a local nats-server ${server.version} at ${server.url} ` +
      "(stopped when the command ends)",
  );
}

const child = spawn(command, args, {
  stdio: "inherit",
  env: { ...process.env, NATS_URL: external || server?.url },
});
// Ctrl-C reaches the whole process group, the command included: the runner only waits for it to end.
// A SIGTERM sent to the runner alone is passed on.
process.on("SIGINT", () => {});
process.on("SIGTERM", () => child.kill("SIGTERM"));

const code = await new Promise<number>((resolve) => {
  child.once("error", (error) => {
    console.error(`with-nats: cannot run ${command}: ${error.message}`);
    resolve(127);
  });
  child.once("exit", (exitCode) => resolve(exitCode ?? 1));
});
await server?.[Symbol.asyncDispose]();
process.exit(code);
