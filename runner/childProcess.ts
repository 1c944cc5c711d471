// How the runner starts its child processes (the pool's, and the one-off one computing SQL reference
// results): TypeScript through tsx, node without its startup snapshot (isolated-vm needs that), structured
// clone over IPC, and the parent's output streams.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export function forkRunnerChild(entry: URL, env: NodeJS.ProcessEnv = {}): ChildProcess {
  return fork(fileURLToPath(entry), [], {
    execArgv: ['--no-node-snapshot', '--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
}
