// Passport with sessions in PostgreSQL. Only the user id (and the invitation for candidates) is kept in the
// session; the user is re-read on every request so a disabled account loses access at once.
import passportFactory from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from './password';
import type { Role, SessionUser } from './roles';

interface SessionRecord {
  id: number;
  invitationId?: number;
}

export function createPassport(knex: Knex): passportFactory.PassportStatic {
  // A fresh instance per app, so tests can run several apps in one process.
  const passport = new passportFactory.Passport() as unknown as passportFactory.PassportStatic;

  passport.use(
    'local',
    new LocalStrategy({ usernameField: 'email', passwordField: 'password', session: true }, async (email, password, done) => {
      try {
        const row = await knex('users').where({ email: email.toLowerCase() }).whereNull('disabled_at').first();
        // Verify against a dummy hash when the user is unknown, so timing does not reveal which emails exist.
        const ok = await verifyPassword(row?.password_hash ?? (await dummyHash()), password);
        if (!row || !ok) return done(null, false);
        const user = toSessionUser(row);
        // A candidate with a password (the demo candidate) lands in their open assessment, as an invite link would.
        if (user.role === 'candidate') {
          const inv = await openInvitationOf(knex, user);
          if (inv) user.invitationId = inv;
        }
        return done(null, user);
      } catch (err) {
        return done(err);
      }
    }),
  );

  passport.serializeUser((user, done) => {
    const u = user as SessionUser;
    const record: SessionRecord = { id: u.id, ...(u.invitationId ? { invitationId: u.invitationId } : {}) };
    done(null, record);
  });

  passport.deserializeUser(async (record: SessionRecord, done) => {
    try {
      const row = await knex('users').where({ id: record.id }).whereNull('disabled_at').first();
      if (!row) return done(null, false);
      done(null, { ...toSessionUser(row), ...(record.invitationId ? { invitationId: record.invitationId } : {}) });
    } catch (err) {
      done(err);
    }
  });

  return passport;
}

async function openInvitationOf(knex: Knex, user: SessionUser): Promise<number | undefined> {
  const row = await knex('invitations')
    .where((q) => q.where({ candidate_id: user.id }).orWhere((o) => o.whereNull('candidate_id').andWhere({ email: user.email })))
    .whereNull('revoked_at')
    .whereNull('finished_at')
    .where((q) => q.whereNull('deadline_at').orWhere('deadline_at', '>', knex.fn.now()))
    .where((q) => q.whereNotNull('started_at').orWhere('expires_at', '>', knex.fn.now()))
    .orderBy('id', 'desc')
    .first('id');
  // Claimed for this account, as opening the invite link would.
  if (row) await knex('invitations').where({ id: row.id }).whereNull('candidate_id').update({ candidate_id: user.id });
  return row?.id;
}

export function toSessionUser(row: { id: number; email: string; name: string; role: string }): SessionUser {
  return { id: row.id, email: row.email, name: row.name, role: row.role as Role };
}

// A hash of a random string: verifying against it costs what a real check costs.
let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}
