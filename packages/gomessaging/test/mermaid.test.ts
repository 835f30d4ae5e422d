import { describe, expect, it } from "vitest";
import { mermaid, type Topology } from "../src/index.js";
import { amqpRequestReply, bothTransports, consume, natsSystem, publish } from "./support/topologies.js";

const diagram = (...lines: string[]): string => `${lines.join("\n")}\n`;

describe("mermaid", () => {
  it("is just the header for nothing to draw", () => {
    expect(mermaid([])).toBe("graph LR\n");
    expect(mermaid([{ serviceName: "", endpoints: [publish("events", "K")] }])).toBe("graph LR\n");
  });

  it("draws a service without exchanges when its endpoints have no exchange name", () => {
    expect(mermaid([{ serviceName: "lonely", endpoints: [publish("", "K")] }])).toBe(
      diagram("graph LR", '    lonely["lonely"]', "    style lonely fill:#f9f,stroke:#333"),
    );
  });

  it("draws an AMQP request-reply system: shapes by kind, dashed responses, sorted, one style per node", () => {
    expect(mermaid(amqpRequestReply)).toBe(
      diagram(
        "graph LR",
        '    mailer["mailer"]',
        '    signup["signup"]',
        '    events_topic_exchange{{"events.topic.exchange"}}',
        '    mailer_direct_exchange_request["mailer.direct.exchange.request"]',
        '    mailer_headers_exchange_response(("mailer.headers.exchange.response"))',
        '    events_topic_exchange -->|"User.Created"| mailer',
        "    mailer -.-> mailer_headers_exchange_response",
        '    mailer_direct_exchange_request -->|"mail.send"| mailer',
        "    mailer_headers_exchange_response -.-> signup",
        '    signup -->|"User.Created"| events_topic_exchange',
        '    signup -->|"mail.send"| mailer_direct_exchange_request',
        "    style mailer fill:#f9f,stroke:#333",
        "    style signup fill:#f9f,stroke:#333",
        "    style events_topic_exchange fill:#bbf,stroke:#333",
        "    style mailer_direct_exchange_request fill:#bbf,stroke:#333",
        "    style mailer_headers_exchange_response fill:#bbf,stroke:#333",
      ),
    );
  });

  it("draws a single-transport NATS system, giving request and response their own nodes", () => {
    // Go would reuse the service id for both "billing" exchanges and draw self-loops.
    expect(mermaid(natsSystem)).toBe(
      diagram(
        "graph LR",
        '    billing["billing"]',
        '    orders["orders"]',
        '    web_app["web-app"]',
        '    billing_2["billing"]',
        '    billing_3(("billing"))',
        '    events{{"events"}}',
        '    billing_2 -->|"Invoice.Create"| billing',
        '    billing_3 -.->|"Invoice.Create"| web_app',
        '    events -->|"Order.Created"| billing',
        '    events -->|"Payment.#"| orders',
        "    orders --> events",
        "    web_app --> billing_2",
        "    style billing fill:#f9f,stroke:#333",
        "    style orders fill:#f9f,stroke:#333",
        "    style web_app fill:#f9f,stroke:#333",
        "    style billing_2 fill:#bbf,stroke:#333",
        "    style billing_3 fill:#bbf,stroke:#333",
        "    style events fill:#bbf,stroke:#333",
      ),
    );
  });

  it("groups exchanges into one subgraph per transport when several appear", () => {
    // Edges and styles sort by exchange *name* ("events" < "events.topic.exchange"), as in Go.
    expect(mermaid(bothTransports())).toBe(
      diagram(
        "graph LR",
        '    orders["orders"]',
        "    subgraph AMQP",
        '        amqp_events_topic_exchange{{"events.topic.exchange"}}',
        "    end",
        "    subgraph NATS",
        '        nats_events{{"events"}}',
        "    end",
        '    orders -->|"Order.Created"| nats_events',
        '    orders -->|"Order.Created"| amqp_events_topic_exchange',
        "    style orders fill:#f9f,stroke:#333",
        "    style nats_events fill:#bbf,stroke:#333",
        "    style amqp_events_topic_exchange fill:#bbf,stroke:#333",
      ),
    );
  });

  it("keeps same-named exchanges of different transports apart", () => {
    const topologies: Topology[] = [
      { transport: "amqp", serviceName: "a", endpoints: [publish("shared", "K")] },
      { transport: "nats", serviceName: "b", endpoints: [consume("shared", "b", "K")] },
    ];
    const out = mermaid(topologies);
    expect(out).toContain('        amqp_shared{{"shared"}}');
    expect(out).toContain('        nats_shared{{"shared"}}');
    expect(out).toContain('    a -->|"K"| amqp_shared');
    expect(out).toContain('    nats_shared -->|"K"| b');
  });

  it("puts exchanges of topologies without a transport outside the subgraphs", () => {
    const out = mermaid([...bothTransports(), { serviceName: "legacy", endpoints: [publish("old", "K")] }]);
    expect(out).toContain('    end\n    old{{"old"}}\n');
    expect(out).toContain('    legacy -->|"K"| old');
  });

  it("avoids ids Mermaid cannot parse or would merge", () => {
    const out = mermaid([
      { serviceName: "end", endpoints: [publish("style", "K")] },
      { serviceName: "a.b", endpoints: [] },
      { serviceName: "a-b", endpoints: [] },
      { serviceName: 'quo"te', endpoints: [publish("x", 'say "hi"')] },
    ]);
    expect(out).toContain('    end_["end"]');
    expect(out).toContain('    style_{{"style"}}');
    expect(out).toContain('    a_b_2["a.b"]');
    expect(out).toContain('    a_b["a-b"]');
    expect(out).toContain('    quo_te["quo#quot;te"]');
    expect(out).toContain('    quo_te -->|"say #quot;hi#quot;"| x');
  });

  it("is deterministic whatever the input order", () => {
    expect(mermaid([...natsSystem].reverse())).toBe(mermaid(natsSystem));
    expect(mermaid([...bothTransports()].reverse())).toBe(mermaid(bothTransports()));
  });
});
