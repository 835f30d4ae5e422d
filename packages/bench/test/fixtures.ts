import type { BenchResults, Measurement, WorkloadResult } from "../src/results.js";

export function workload(id: string, ratio: number, extra: Partial<WorkloadResult> = {}): WorkloadResult {
  const raw: Measurement = { rate: 1000, cpuUsPerOp: 5 };
  const flux: Measurement = { rate: 1000 * ratio, cpuUsPerOp: 5 / ratio };
  return {
    id,
    group: "Group",
    title: `${id} title`,
    label: `${id} <label>`,
    unit: "msgs/s",
    count: 1000,
    payloadBytes: 128,
    raw: { how: "raw way", rounds: [raw], median: raw },
    natsflux: { how: "natsflux way", rounds: [flux], median: flux },
    ratio,
    ...extra,
  };
}

export function results(workloads: WorkloadResult[]): BenchResults {
  return {
    schema: 1,
    mode: "quick",
    startedAt: "2026-11-22T15:00:00.000Z",
    durationS: 60,
    rounds: 3,
    environment: {
      cpuModel: "Test CPU",
      cpus: 2,
      totalMemoryBytes: 8 * 1024 ** 3,
      os: "Linux 6",
      node: "v20.20.2",
      natsServer: "2.15.2",
      natsServerBin: "/bin/nats-server",
      clients: { "@nats-io/nats-core": "3.4.0" },
      commit: "abc1234",
      loadAverage: { start: 1, end: 2 },
    },
    workloads,
    memory: [],
  };
}
