import { writeSync } from "node:fs";

/**
 * Writes whole lines to a file descriptor synchronously, so responses leave in order and are out before
 * the process exits. Retries while a non-blocking pipe is full (EAGAIN).
 */
export function fdLineWriter(fd: number): (line: string) => void {
  return (line) => {
    const bytes = Buffer.from(`${line}\n`, "utf8");
    let offset = 0;
    while (offset < bytes.length) {
      try {
        offset += writeSync(fd, bytes, offset, bytes.length - offset);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      }
    }
  };
}
