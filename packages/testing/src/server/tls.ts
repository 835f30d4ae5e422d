import { execFile } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ToolNotFoundError } from "./errors.js";
import { trackDir } from "./reaper.js";

const run = promisify(execFile);

/** PEM files from `generateTestTls`. */
export interface TestTls {
  /** The CA that signed the server (and client) certificate. */
  caFile: string;
  /** Server certificate for 127.0.0.1 and localhost (also usable as a client certificate). */
  certFile: string;
  keyFile: string;
  /** A client certificate signed by the CA, for mutual-TLS (`verify`) tests. */
  clientCertFile: string;
  clientKeyFile: string;
  /** An unrelated CA that signed nothing here, for wrong-CA tests. */
  otherCaFile: string;
  dir: string;
}

// P-256 keys: much faster to generate than RSA and accepted by both Go and Node.
const KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
const DAYS = ["-days", "2"];

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run("openssl", args, { cwd, timeout: 30_000 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new ToolNotFoundError(
        "openssl",
        "install it (e.g. `apt-get install openssl`) to generate test TLS files.",
      );
    }
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`openssl ${args.join(" ")} failed: ${stderr.trim() || String(error)}`, { cause: error });
  }
}

async function makeCa(cwd: string, name: string, commonName: string): Promise<void> {
  await openssl(
    [
      "req",
      "-x509",
      ...KEY,
      ...DAYS,
      "-keyout",
      `${name}-key.pem`,
      "-out",
      `${name}.pem`,
      "-subj",
      `/CN=${commonName}`,
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ],
    cwd,
  );
}

async function makeLeaf(cwd: string, name: string, commonName: string, extensions: string): Promise<void> {
  await writeFile(join(cwd, `${name}.ext`), extensions);
  await openssl(
    ["req", ...KEY, "-keyout", `${name}-key.pem`, "-out", `${name}.csr`, "-subj", `/CN=${commonName}`],
    cwd,
  );
  await openssl(
    [
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca-key.pem",
      "-CAcreateserial",
      ...DAYS,
      "-out",
      `${name}.pem`,
      "-extfile",
      `${name}.ext`,
    ],
    cwd,
  );
}

/**
 * Generates with the `openssl` CLI: a CA, a server certificate for 127.0.0.1/localhost and a client
 * certificate signed by it, and an unrelated second CA. Files go to `dir` (created if needed), else to
 * a new temp dir that is deleted when the process exits. Valid for two days.
 */
export async function generateTestTls(dir?: string): Promise<TestTls> {
  let target: string;
  if (dir === undefined) {
    target = await mkdtemp(join(tmpdir(), "natsflux-tls-"));
    trackDir(target);
  } else {
    target = dir;
    await mkdir(target, { recursive: true });
  }
  await makeCa(target, "ca", "natsflux test CA");
  await Promise.all([
    makeCa(target, "other-ca", "natsflux unrelated test CA"),
    makeLeaf(
      target,
      "server",
      "localhost",
      "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n" +
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n",
    ),
  ]);
  // After the server leaf: both would write the CA's serial file (ca.srl) at once otherwise.
  await makeLeaf(
    target,
    "client",
    "natsflux test client",
    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n",
  );
  return {
    caFile: join(target, "ca.pem"),
    certFile: join(target, "server.pem"),
    keyFile: join(target, "server-key.pem"),
    clientCertFile: join(target, "client.pem"),
    clientKeyFile: join(target, "client-key.pem"),
    otherCaFile: join(target, "other-ca.pem"),
    dir: target,
  };
}
