// What `npm start` prints for a person, apart from the log: where the platform is, the demo accounts (their
// passwords are shown here once and never logged), and later the demo assessment's invite link. Each block is
// one write, so a log line never lands inside it.
import type { DemoAccount } from './seed';
import type { DemoAssessment } from './demoAssessment';

export interface StartBanner {
  url: string;
  /** A one-line description of the database. */
  database: string;
  demoAccounts: DemoAccount[] | null;
  /** Seconds from the process start to listening. */
  seconds: number;
  /** The demo assessment is being prepared (a first start). */
  demoPending: boolean;
}

export function startBanner(b: StartBanner): string {
  const lines = ['', `  assay is running at ${b.url}   (listening after ${b.seconds.toFixed(1)} s)`, `  database: ${b.database}`];
  if (b.demoAccounts) {
    lines.push('', '  Demo accounts (shown once — note them now):');
    for (const a of b.demoAccounts) lines.push(`    ${a.role.padEnd(10)} ${a.email.padEnd(24)} ${a.password}`);
  }
  if (b.demoPending) lines.push('', '  The demo assessment is created as soon as its challenges are validated …');
  return lines.join('\n') + '\n';
}

export function demoReadyBanner(demo: DemoAssessment, candidateEmail: string, seconds: number): string {
  return [
    '',
    `  Demo assessment ready after ${seconds.toFixed(1)} s (${demo.challenges.join(', ')})`,
    `  ${candidateEmail} can open ${demo.link}`,
    '  (or log in with the candidate password above)',
    '',
  ].join('\n');
}
