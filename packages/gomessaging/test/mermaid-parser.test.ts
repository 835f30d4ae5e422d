// @vitest-environment jsdom
// Feeds our diagrams to the real Mermaid 11 parser and renderer (under jsdom) and checks that Mermaid
// sees exactly the nodes, edges, styles and subgraphs we meant to draw.
import mermaidLib from "mermaid";
import { beforeAll, describe, expect, it } from "vitest";
import { loadFixture } from "../src/fixtures/index.js";
import { mermaid, type Topology } from "../src/index.js";
import { amqpRequestReply, bothTransports, natsSystem, publish } from "./support/topologies.js";

interface FlowDb {
  getVertices(): Map<string, { id: string; text?: string; styles: string[] }>;
  getEdges(): Array<{ start: string; end: string; text: string; stroke: string }>;
  getSubGraphs(): Array<{ title: string; nodes: string[] }>;
}

async function flowDb(source: string): Promise<FlowDb> {
  const diagram = await mermaidLib.mermaidAPI.getDiagramFromText(source);
  return diagram.db as unknown as FlowDb;
}

// What we declared, read back from our own output: node ids (with labels) and edge count.
function declared(source: string): { nodes: Map<string, string>; edges: number } {
  const nodes = new Map<string, string>();
  let edges = 0;
  for (const line of source.split("\n")) {
    const node = /^\s+(\w+)(?:\[|\{\{|\(\()"(.*)"/u.exec(line);
    if (node?.[1] !== undefined && node[2] !== undefined)
      nodes.set(node[1], node[2].replaceAll("#quot;", '"'));
    if (/ -\.?->/u.test(line)) edges++;
  }
  return { nodes, edges };
}

const cases: Array<[string, Topology[]]> = [
  ["NATS event and request-reply system", natsSystem],
  ["AMQP request-reply system", amqpRequestReply],
  ["one service on two transports", bothTransports()],
  [
    "mixed transports and keyword names",
    [
      ...bothTransports("end"),
      { transport: "nats", serviceName: "style", endpoints: [publish("graph", 'say "hi"')] },
    ],
  ],
  ...loadFixture("validate").cross.map((tc): [string, Topology[]] => [
    `validate.json cross: ${tc.name}`,
    tc.topologies,
  ]),
  ...loadFixture("topology").scenarios.flatMap(
    (s): Array<[string, Topology[]]> =>
      (["amqp", "nats"] as const).map((transport) => [
        `topology.json ${transport}: ${s.name}`,
        [{ transport, serviceName: s.serviceName, endpoints: s.expectedEndpoints[transport] }],
      ]),
  ),
];

beforeAll(() => {
  mermaidLib.initialize({ startOnLoad: false, flowchart: { htmlLabels: false } });
  // jsdom has no layout engine; Mermaid only needs plausible text sizes to place nodes.
  const box = { x: 0, y: 0, width: 80, height: 20 } as DOMRect;
  Object.assign(window.SVGElement.prototype, {
    getBBox: () => box,
    getComputedTextLength: () => 80,
  });
});

describe("mermaid() output in the real Mermaid parser", () => {
  it.each(cases)(
    "%s parses as a flowchart with exactly our nodes, edges and styles",
    async (_, topologies) => {
      const source = mermaid(topologies);
      await expect(mermaidLib.parse(source)).resolves.toMatchObject({ diagramType: "flowchart-v2" });

      const db = await flowDb(source);
      const ours = declared(source);
      const vertices = db.getVertices();
      expect([...vertices.keys()].sort()).toEqual([...ours.nodes.keys()].sort());
      for (const [id, vertex] of vertices) {
        expect(vertex.text).toBe(ours.nodes.get(id));
        expect(vertex.styles.some((s) => s.startsWith("fill:"))).toBe(true);
      }
      expect(db.getEdges()).toHaveLength(ours.edges);
    },
  );

  it("reads subgraphs as one group per transport", async () => {
    const db = await flowDb(mermaid(bothTransports()));
    expect(db.getSubGraphs().map((g) => [g.title, g.nodes])).toEqual([
      ["AMQP", ["amqp_events_topic_exchange"]],
      ["NATS", ["nats_events"]],
    ]);
    expect(db.getEdges().map((e) => [e.start, e.end, e.text])).toEqual([
      ["orders", "nats_events", "Order.Created"],
      ["orders", "amqp_events_topic_exchange", "Order.Created"],
    ]);
  });

  it("reads service-response arrows as dotted", async () => {
    const db = await flowDb(mermaid(amqpRequestReply));
    const dotted = db.getEdges().filter((e) => e.stroke === "dotted");
    expect(dotted.map((e) => [e.start, e.end])).toEqual([
      ["mailer", "mailer_headers_exchange_response"],
      ["mailer_headers_exchange_response", "signup"],
    ]);
  });

  it("renders to SVG with one node per service and exchange", async () => {
    const source = mermaid(natsSystem);
    const { svg } = await mermaidLib.render("natsSystem", source);
    const nodes = svg.match(/<g class="node [^"]*" id="natsSystem-flowchart-/gu) ?? [];
    expect(nodes).toHaveLength(declared(source).nodes.size);
  });

  it("would read the combined `style a,b` variant as a phantom node, which is why we emit one per node", async () => {
    const db = await flowDb('graph LR\n    a["a"]\n    b["b"]\n    style a,b fill:#f9f,stroke:#333\n');
    expect([...db.getVertices().keys()]).toEqual(["a", "b", "a,b"]);
    expect(db.getVertices().get("a")?.styles).toEqual([]);
  });

  it("refuses what our ids avoid: keywords as node ids", async () => {
    await expect(mermaidLib.parse('graph LR\n    end["end"]\n')).rejects.toThrow();
  });
});
