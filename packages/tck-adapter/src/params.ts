// Validation of request params. Each parser returns typed params or throws an AdapterError worded like
// the Go adapter's ("invalid publish params: ...").
import { AdapterError } from "./adapter-error.js";
import type {
  HelloParams,
  PublishParams,
  ServiceParams,
  SetupIntent,
  StartServiceParams,
} from "./protocol.js";
import { RawJson } from "./raw-json.js";

type Fields = Readonly<Record<string, unknown>>;

class InvalidParams extends Error {}

function record(value: unknown, what: string): Fields {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new InvalidParams(`${what} must be an object`);
  }
  return value as Fields;
}

function requiredString(fields: Fields, key: string): string {
  const value = fields[key];
  if (typeof value !== "string" || value === "") throw new InvalidParams(`${key} must be a non-empty string`);
  return value;
}

function optionalString(fields: Fields, key: string): string | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new InvalidParams(`${key} must be a string`);
  return value;
}

function parseWith<T>(method: string, params: unknown, parse: (fields: Fields) => T): T {
  try {
    // The runner always sends params; absent or null params mean "no fields" (Go's zero value).
    return parse(params === undefined || params === null ? {} : record(params, "params"));
  } catch (error) {
    if (error instanceof InvalidParams) throw new AdapterError(`invalid ${method} params: ${error.message}`);
    throw error;
  }
}

function parseIntent(value: unknown, index: number): SetupIntent {
  const fields = record(value, `intents[${index}]`);
  const ephemeral = fields.ephemeral;
  if (ephemeral !== undefined && ephemeral !== null && typeof ephemeral !== "boolean") {
    throw new InvalidParams(`intents[${index}].ephemeral must be a boolean`);
  }
  const optional = (key: string) => {
    try {
      return optionalString(fields, key);
    } catch {
      throw new InvalidParams(`intents[${index}].${key} must be a string`);
    }
  };
  const pattern = optional("pattern") ?? "";
  const direction = optional("direction") ?? "";
  return {
    pattern,
    direction,
    routingKey: optional("routingKey"),
    exchange: optional("exchange"),
    targetService: optional("targetService"),
    ephemeral: ephemeral === true,
    queueSuffix: optional("queueSuffix"),
    destinationQueue: optional("destinationQueue"),
  };
}

export function parseHelloParams(params: unknown): HelloParams {
  return parseWith("hello", params, (fields) => {
    const version = fields.protocolVersion;
    if (typeof version !== "number" || !Number.isInteger(version)) {
      throw new InvalidParams("protocolVersion must be an integer");
    }
    return { protocolVersion: version };
  });
}

export function parseStartServiceParams(params: unknown): StartServiceParams {
  return parseWith("start_service", params, (fields) => {
    const serviceName = requiredString(fields, "serviceName");
    const intents = fields.intents ?? [];
    if (!Array.isArray(intents)) throw new InvalidParams("intents must be an array");
    return { serviceName, intents: intents.map(parseIntent) };
  });
}

export function parsePublishParams(params: unknown): PublishParams {
  return parseWith("publish", params, (fields) => {
    const serviceName = requiredString(fields, "serviceName");
    const publisherKey = requiredString(fields, "publisherKey");
    const routingKey = requiredString(fields, "routingKey");
    // Go's json.RawMessage of an absent payload marshals as null.
    const payload = RawJson.of(fields.payload === undefined ? null : fields.payload);
    const rawHeaders = fields.headers ?? {};
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(record(rawHeaders, "headers"))) {
      if (typeof value !== "string")
        throw new InvalidParams(`headers[${JSON.stringify(key)}] must be a string`);
      Object.defineProperty(headers, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return { serviceName, publisherKey, routingKey, payload, headers };
  });
}

export function parseServiceParams(method: string, params: unknown): ServiceParams {
  return parseWith(method, params, (fields) => ({ serviceName: requiredString(fields, "serviceName") }));
}
