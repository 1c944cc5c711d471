import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CLI = path.resolve('runner/cli.ts');

async function judge(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--no-node-snapshot', '--import', 'tsx', CLI, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('judge CLI', function () {
  this.timeout(90_000);

  it('exits 0 on the reference solution and prints the documented JSON shape', async () => {
    const { code, stdout } = await judge('challenges/todo-crud', 'challenges/todo-crud/solution.ts', '--json');
    assert.equal(code, 0);
    const report = JSON.parse(stdout);
    assert.deepEqual(Object.keys(report).sort(), ['challenge', 'maxPoints', 'passed', 'points', 'score', 'tests', 'total', 'verdict']);
    assert.equal(report.challenge.slug, 'todo-crud');
    assert.match(report.challenge.hash, /^[0-9a-f]{64}$/);
    assert.equal(report.verdict, 'accepted');
    assert.equal(report.score, 100);
    assert.equal(report.passed, report.total);
    for (const t of report.tests) {
      assert.deepEqual(Object.keys(t).sort(), ['cpuMs', 'detail', 'maxPoints', 'name', 'points', 'verdict', 'visibility', 'wallMs']);
    }
  });

  it('exits 1 on a wrong solution and prints each failure with a short diff', async () => {
    const { code, stdout } = await judge('challenges/todo-crud', 'challenges/todo-crud/wrong/created-200.ts');
    assert.equal(code, 1);
    assert.match(stdout, /FAIL create then fetch \[sample\] wrong_answer/);
    assert.match(stdout, /status: expected 201, got 200/);
    assert.match(stdout, /^verdict: wrong_answer/m);
  });

  it('exits 2 on a usage error', async () => {
    const { code, stderr } = await judge('challenges/todo-crud');
    assert.equal(code, 2);
    assert.match(stderr, /usage: npm run judge/);
    const spares = await judge('challenges/todo-crud', 'challenges/todo-crud/solution.ts', '--spares=many');
    assert.equal(spares.code, 2);
    assert.match(spares.stderr, /\[--spares=N\]/);
  });

  it('prints a SQL wrong answer\'s first difference', async () => {
    const { code, stdout } = await judge('challenges/facility-revenue', 'challenges/facility-revenue/wrong/order-by-text.sql', '--in-process');
    assert.equal(code, 1);
    assert.match(stdout, /FAIL equal-revenues \[hidden\] wrong_answer[\s\S]*rows 1 and 2 are out of order \(the rows must be ordered by revenue desc\)/);
  });
});
