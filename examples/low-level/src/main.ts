// `npm start` (or `pnpm --filter @natsflux/example-low-level start`): against $NATS_URL, by default a local
// server on 4222 (`docker compose up -d`). In this repository, `start:local` starts a throwaway server instead.
import { runLowLevel } from "./run.js";

await runLowLevel(process.env.NATS_URL ?? "nats://localhost:4222");
