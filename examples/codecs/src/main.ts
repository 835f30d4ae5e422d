// `npm start` (or `pnpm --filter @natsflux/example-codecs start`): against $NATS_URL, by default a local
// server on 4222 (`docker compose up -d`). In this repository, `start:local` starts a throwaway server instead.
import { runCodecs } from "./run.js";

await runCodecs(process.env.NATS_URL ?? "nats://localhost:4222");
