// The floor under the API kind's latency: the same Express harness and submission, each submission in a fresh
// node:vm context of this process's own V8 — optimizing compilers on, no isolate, no lockdown, no output budget,
// nothing copied between heaps. A fresh context starts every function without feedback, as a new isolate does,
// and real Express builds an app per test; what this costs is what no sandbox built on fresh contexts can beat.
import { createHash, createHmac } from 'node:crypto';
import vm from 'node:vm';
import type { Challenge } from '../runner/challenge';
import { apiHarnessSource, DEFAULT_CLOCK_MS, harnessRequest } from '../runner/kinds/apiHarness';

type Entries = { load(factory: unknown): void; request(json: string): string | Promise<string> };

function digest(algorithm: string, chunks: Array<string | Uint8Array>, key: string | Uint8Array | null, encoding: BufferEncoding | null): Uint8Array | string {
  const hash = key === null || key === undefined ? createHash(algorithm) : createHmac(algorithm, key);
  for (const chunk of chunks) hash.update(chunk);
  const out = hash.digest();
  return encoding ? out.toString(encoding) : new Uint8Array(out);
}

/** The prelude's per-test generator (sfc32), for a harness run without the prelude. */
function seededRandom() {
  let [a, b, c, d] = [0, 0, 0, 1];
  const uint32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  const seed = (n: number) => {
    [a, b, c, d] = [0x9e3779b9 | 0, 0x243f6a88, 0xb7e15162 | 0, n | 0];
    for (let i = 0; i < 15; i++) uint32();
  };
  return { seed, uint32 };
}

/**
 * One submission (module code as CommonJS) in a fresh context: CPU ms of this process for setup + every test's
 * requests (CPU, not wall time: on a loaded machine the wall time measures the other tenants).
 */
export async function expressFloorOnce(challenge: Challenge, moduleCode: string, script: vm.Script): Promise<number> {
  const before = process.cpuUsage();
  const context = vm.createContext({});
  const harness = script.runInContext(context) as (sandbox: unknown) => Entries;
  const entries = harness({
    setNow: () => undefined,
    resetConsole: () => undefined,
    hostCall: () => Promise.resolve(''),
    digest,
    random: seededRandom(),
    outputBytes: challenge.limits.outputBytes,
    send: (value: unknown) => JSON.stringify(value),
  });
  entries.load(vm.runInContext(`(function (exports, module, require) {\n${moduleCode}\n})`, context));
  for (const [index, test] of challenge.api!.tests.entries()) {
    for (const [i, step] of test.steps.entries()) {
      const { method, path, headers, query, body } = step.request;
      const answer = await entries.request(harnessRequest(i === 0, DEFAULT_CLOCK_MS, false, { method, path, headers: headers ?? {}, query: query ?? {}, body }, index + 1));
      if (typeof answer !== 'string' || answer.includes('"loadError"')) throw new Error(`express floor: ${String(answer).slice(0, 200)}`);
    }
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

export function expressFloorScript(): vm.Script {
  return new vm.Script(apiHarnessSource(), { filename: 'assay:express-floor' });
}
