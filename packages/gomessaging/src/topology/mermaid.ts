import type { ExchangeKind } from "./kinds.js";
import { IdAllocator, labelText, sanitizeId } from "./mermaid-ids.js";
import type { Topology } from "./types.js";

interface ExchangeNode {
  readonly key: string;
  readonly name: string;
  readonly transport: string;
  readonly kind: ExchangeKind | "";
}

interface Edge {
  readonly service: string;
  readonly exchangeKey: string;
  /** Names, for sorting: publish goes service → exchange, consume exchange → service. */
  readonly from: string;
  readonly to: string;
  readonly fromService: boolean;
  readonly label: string;
  readonly arrow: "-->" | "-.->";
  readonly transport: string;
}

interface Graph {
  readonly services: string[];
  readonly transports: string[];
  readonly exchanges: ExchangeNode[];
  readonly edges: Edge[];
  readonly subgraphs: boolean;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function collect(topologies: readonly Topology[]): Graph {
  const named = topologies.filter((t) => t.serviceName);
  const transports = [...new Set(named.flatMap((t) => (t.transport ? [t.transport] : [])))].sort(byText);
  const subgraphs = transports.length > 1;
  const exchanges = new Map<string, ExchangeNode>();
  const edges: Edge[] = [];
  for (const t of named) {
    const transport = t.transport ?? "";
    for (const ep of t.endpoints ?? []) {
      if (!ep.exchangeName) continue;
      // One node per exchange name and kind (and transport, with subgraphs). Go keys by name alone:
      // the last declaration picks the shape, and a NATS service's request and response merge.
      const key = JSON.stringify([subgraphs ? transport : "", ep.exchangeName, ep.exchangeKind]);
      exchanges.set(key, { key, name: ep.exchangeName, transport, kind: ep.exchangeKind });
      if (ep.direction !== "publish" && ep.direction !== "consume") continue;
      const fromService = ep.direction === "publish";
      edges.push({
        service: t.serviceName,
        exchangeKey: key,
        from: fromService ? t.serviceName : ep.exchangeName,
        to: fromService ? ep.exchangeName : t.serviceName,
        fromService,
        label: ep.routingKey ?? "",
        arrow: ep.pattern === "service-response" ? "-.->" : "-->",
        transport,
      });
    }
  }
  return {
    services: [...new Set(named.map((t) => t.serviceName))].sort(byText),
    transports,
    exchanges: [...exchanges.values()].sort(
      (a, b) => byText(a.name, b.name) || byText(a.kind, b.kind) || byText(a.transport, b.transport),
    ),
    edges: edges.sort(
      (a, b) =>
        byText(a.from, b.from) ||
        byText(a.to, b.to) ||
        byText(a.label, b.label) ||
        byText(a.transport, b.transport) ||
        byText(a.arrow, b.arrow),
    ),
    subgraphs,
  };
}

function exchangeShape(id: string, node: ExchangeNode): string {
  const label = labelText(node.name);
  if (node.kind === "topic") return `${id}{{"${label}"}}`;
  if (node.kind === "headers") return `${id}(("${label}"))`;
  return `${id}["${label}"]`;
}

/**
 * A Mermaid flowchart (`graph LR`) of services and the exchanges (streams) they publish to or consume
 * from, in Go HEAD's layout: sorted service nodes, sorted exchange nodes (one subgraph per transport
 * when several transports appear), sorted edges (dashed for service-response), then one `style` line
 * per node. The README lists where the output deliberately differs from Go.
 */
export function mermaid(topologies: readonly Topology[]): string {
  const graph = collect(topologies);
  const ids = new IdAllocator();
  if (graph.subgraphs) for (const tr of graph.transports) ids.reserve(tr.toUpperCase());
  const serviceIds = new Map(graph.services.map((name) => [name, ids.allocate(sanitizeId(name))]));
  const exchangeIds = new Map(
    graph.exchanges.map((ex) => {
      const base = graph.subgraphs && ex.transport ? `${ex.transport}_${ex.name}` : ex.name;
      return [ex.key, ids.allocate(sanitizeId(base))];
    }),
  );
  // Every service and exchange got an id above, so these lookups always succeed.
  const serviceId = (name: string): string => serviceIds.get(name)!;
  const exchangeId = (key: string): string => exchangeIds.get(key)!;

  const lines = ["graph LR"];
  for (const name of graph.services) lines.push(`    ${serviceId(name)}["${labelText(name)}"]`);
  const exchangeLine = (indent: string, ex: ExchangeNode): string =>
    `${indent}${exchangeShape(exchangeId(ex.key), ex)}`;
  if (graph.subgraphs) {
    for (const tr of graph.transports) {
      lines.push(`    subgraph ${tr.toUpperCase()}`);
      for (const ex of graph.exchanges) if (ex.transport === tr) lines.push(exchangeLine("        ", ex));
      lines.push("    end");
    }
    // Exchanges of topologies without a transport belong to no subgraph (Go leaves them out).
    for (const ex of graph.exchanges) if (!ex.transport) lines.push(exchangeLine("    ", ex));
  } else {
    for (const ex of graph.exchanges) lines.push(exchangeLine("    ", ex));
  }
  for (const e of graph.edges) {
    const [from, to] = e.fromService
      ? [serviceId(e.service), exchangeId(e.exchangeKey)]
      : [exchangeId(e.exchangeKey), serviceId(e.service)];
    lines.push(
      e.label ? `    ${from} ${e.arrow}|"${labelText(e.label)}"| ${to}` : `    ${from} ${e.arrow} ${to}`,
    );
  }
  // One style line per node: Mermaid reads `style a,b ...` as a single new node named "a,b".
  for (const name of graph.services) lines.push(`    style ${serviceId(name)} fill:#f9f,stroke:#333`);
  for (const ex of graph.exchanges) lines.push(`    style ${exchangeId(ex.key)} fill:#bbf,stroke:#333`);
  return `${lines.join("\n")}\n`;
}
