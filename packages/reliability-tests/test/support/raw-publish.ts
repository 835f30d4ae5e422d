import { connect as tcpConnect } from "node:net";

/**
 * Publishes one message through a bare TCP connection with a header block written byte for byte, bypassing
 * nats.js's header validation: what a foreign or broken client can put on the wire. Resolves after the
 * server's PONG (the message was processed); bounded by `timeoutMs`.
 */
export function publishRawHeaders(
  port: number,
  subject: string,
  headerBlock: string,
  payload: string,
  timeoutMs = 5000,
) {
  const header = Buffer.from(headerBlock, "latin1");
  const body = Buffer.from(payload, "utf8");
  return new Promise<void>((resolve, reject) => {
    const socket = tcpConnect(port, "127.0.0.1");
    let seen = "";
    let sent = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no PONG from the server within ${timeoutMs} ms; got ${JSON.stringify(seen)}`));
    }, timeoutMs);
    socket.on("data", (chunk: Buffer) => {
      seen += chunk.toString("latin1");
      if (!sent && seen.includes("INFO ")) {
        sent = true;
        socket.write(
          'CONNECT {"verbose":false,"pedantic":false,"headers":true,"no_responders":true,"protocol":1}\r\n',
        );
        socket.write(`HPUB ${subject} ${header.length} ${header.length + body.length}\r\n`);
        socket.write(Buffer.concat([header, body, Buffer.from("\r\n")]));
        socket.write("PING\r\n");
      }
      if (seen.includes("-ERR")) {
        clearTimeout(timer);
        socket.destroy();
        reject(new Error(`server refused the raw publish: ${seen.slice(seen.indexOf("-ERR"))}`));
      } else if (seen.includes("PONG")) {
        clearTimeout(timer);
        socket.end();
        resolve();
      }
    });
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
