import { connect } from "node:net";

export interface ProbeResult {
  /** A TCP connection to the port was accepted. */
  accepted: boolean;
  /** The server's INFO when it sent one (it does not with TLS handshake_first). */
  info?: Record<string, unknown>;
}

/**
 * Connects to a client port and reads the INFO line. Used instead of a NATS client so readiness does
 * not depend on auth or TLS settings, and so the INFO's server_name can prove the port is ours.
 */
export function probeClientPort(port: number, timeoutMs = 1000): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let connected = false;
    let done = false;
    let buffer = "";
    const socket = connect({ host: "127.0.0.1", port });
    const finish = (result: ProbeResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ accepted: connected }), timeoutMs);
    socket.on("connect", () => {
      connected = true;
    });
    socket.on("data", (chunk) => {
      buffer += chunk.toString("latin1");
      const end = buffer.indexOf("\r\n");
      if (end < 0) return;
      finish({ accepted: true, info: parseInfo(buffer.slice(0, end)) });
    });
    socket.on("error", () => finish({ accepted: false }));
    socket.on("close", () => finish({ accepted: false }));
  });
}

function parseInfo(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith("INFO ")) return undefined;
  try {
    return JSON.parse(line.slice(5)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** GETs a monitoring endpoint as JSON; undefined when unreachable, not 2xx, or not JSON. */
export async function getJson(url: string, timeoutMs = 2000): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) {
      await response.body?.cancel();
      return undefined;
    }
    return (await response.json()) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** `/healthz` says ok (with JetStream: JetStream is up and, in a cluster, current with the meta leader). */
export async function healthy(monitorUrl: string): Promise<boolean> {
  const body = await getJson(`${monitorUrl}/healthz`);
  return body?.status === "ok";
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
