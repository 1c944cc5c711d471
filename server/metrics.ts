// Prometheus metrics of one platform (GET /metrics). One registry per platform, so several platforms in one
// process (tests) do not collide; gauges read their value when scraped.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  /** A judging ended with this verdict after `seconds` from the start of its job. */
  judged(verdict: string, seconds: number): void;
  /** Read when scraped. */
  sources(s: { queueDepth?: () => Promise<number>; sockets?: () => number; runnerRestarts?: () => number }): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'assay_' });
  const latency = new Histogram({
    name: 'assay_judge_seconds',
    help: 'Time from a judge job starting to its submission being finished',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [registry],
  });
  const verdicts = new Counter({ name: 'assay_submissions_judged_total', help: 'Submissions finished, by verdict', labelNames: ['verdict'], registers: [registry] });
  let queueDepth: (() => Promise<number>) | undefined;
  let sockets: (() => number) | undefined;
  let runnerRestarts: (() => number) | undefined;
  new Gauge({
    name: 'assay_queue_depth',
    help: 'Judge jobs waiting to be taken',
    registers: [registry],
    async collect() {
      if (queueDepth) this.set(await queueDepth().catch(() => -1));
    },
  });
  new Gauge({
    name: 'assay_sockets_connected',
    help: 'Live (Socket.IO) connections to this process',
    registers: [registry],
    collect() {
      if (sockets) this.set(sockets());
    },
  });
  new Gauge({
    name: 'assay_runner_restarts',
    help: 'Runner child processes replaced after a crash or a kill, since this process started',
    registers: [registry],
    collect() {
      if (runnerRestarts) this.set(runnerRestarts());
    },
  });
  return {
    registry,
    judged(verdict, seconds) {
      latency.observe(seconds);
      verdicts.inc({ verdict });
    },
    sources(s) {
      queueDepth = s.queueDepth ?? queueDepth;
      sockets = s.sockets ?? sockets;
      runnerRestarts = s.runnerRestarts ?? runnerRestarts;
    },
  };
}
