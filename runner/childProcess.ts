// How the runner starts its child processes (the pool's, and the one-off one computing SQL reference
// results): TypeScript through tsx, node without its startup snapshot (isolated-vm needs that), structured
// clone over IPC, and the parent's output streams.
//
// --no-lazy-feedback-allocation: every isolate lives for one submission, so its code (harness and candidate)
// never gets past the first calls, which V8 by default runs without feedback, its inline caches not
// working yet. Allocating feedback at once makes a 20-test submission ~13% cheaper (medians of 8 runs of a
// back-to-back judging loop, alternated with the default: 13.6 vs 15.6 ms) and the pool's throughput ~8%
// higher (9 bursts of 400 each way, alternated: median 87 vs 81 submissions/s); the price is feedback
// vectors for functions called once.
//
// glibc's malloc, tuned for a process whose PGlite instances come and go in worker threads: by default every
// thread gets an arena of its own, and a freed large block raises the mmap threshold so the next ones stay in
// the arena, resident after they are freed. Two arenas and a fixed 128 kB threshold (large blocks mmap'd, so
// returned on free) made an instance cost ~100 MB instead of ~140 MB, and six closed instances left the
// process at 166 MB instead of 687 MB (tmp measurements with a 2,000-row dataset; bench/memory.ts measures
// the platform). A value set in the environment wins.
const MALLOC_TUNING: NodeJS.ProcessEnv = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' };
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export function forkRunnerChild(entry: URL, env: NodeJS.ProcessEnv = {}): ChildProcess {
  return fork(fileURLToPath(entry), [], {
    execArgv: ['--no-node-snapshot', '--no-lazy-feedback-allocation', '--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...MALLOC_TUNING, ...process.env, ...env },
  });
}
