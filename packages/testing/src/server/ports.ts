import { type AddressInfo, createServer, type Server } from "node:net";

// Well-known NATS ports: a shared server may own them, so never hand them out even if free right now.
const RESERVED = new Set([4222, 6222, 7422, 7522, 8222]);
// Ports this process already handed out; keeps concurrent starts in one process from colliding.
const handedOut = new Set<number>();

function listenOnAnyPort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * `count` distinct free loopback ports chosen by the OS. All sockets stay open until every port is
 * picked, so the OS cannot return the same one twice; they are closed before returning, and a server
 * that then loses the race for a port fails with "address already in use" (callers retry).
 */
export async function freePorts(count: number): Promise<number[]> {
  const held: Server[] = [];
  const ports: number[] = [];
  try {
    for (let attempt = 0; ports.length < count; attempt++) {
      if (attempt > count + 100) throw new Error(`could not find ${count} free ports`);
      const server = await listenOnAnyPort();
      held.push(server);
      const { port } = server.address() as AddressInfo;
      if (RESERVED.has(port) || handedOut.has(port)) continue;
      ports.push(port);
    }
  } finally {
    await Promise.all(held.map(close));
  }
  for (const port of ports) handedOut.add(port);
  return ports;
}
