// Failed invite-link sign-ins per address. Tokens are 256-bit random: this only keeps a client from hammering
// the endpoint with guesses. Only failures are counted, and only once they happened: express-rate-limit's
// skipSuccessfulRequests counts every request while it is in flight, so a campus behind one address (or the
// onboarding bench on 127.0.0.1) opening 31 links at once would be refused as if it were guessing.
import { ipKeyGenerator } from 'express-rate-limit';
import { tooManyRequests } from '../errors';

const SWEEP_ABOVE = 10_000;

export interface InviteGuesses {
  /** Throws a 429 when this address has failed too often in the window. */
  assertAllowed(ip: string | undefined): void;
  failed(ip: string | undefined): void;
}

export function inviteGuesses({ limit = 30, windowMs = 15 * 60 * 1000 } = {}): InviteGuesses {
  const failures = new Map<string, { count: number; resetAt: number }>();
  const key = (ip: string | undefined) => ipKeyGenerator(ip ?? '');
  return {
    assertAllowed(ip) {
      const entry = failures.get(key(ip));
      if (entry && entry.resetAt > Date.now() && entry.count >= limit) throw tooManyRequests('too many invalid invite links; try again later');
    },
    failed(ip) {
      const now = Date.now();
      const k = key(ip);
      const entry = failures.get(k);
      if (entry && entry.resetAt > now) entry.count++;
      else failures.set(k, { count: 1, resetAt: now + windowMs });
      if (failures.size > SWEEP_ABOVE) for (const [k2, e] of failures) if (e.resetAt <= now) failures.delete(k2);
    },
  };
}
