// Signing in through an invite link. The token is reusable until the invitation ends (finished, past its
// deadline, revoked, or expired before it was started), so a candidate who lost the session can resume;
// it signs in only the invited email's candidate account, created here on first use (no password).
import type { Request } from 'express';
import type { Knex } from 'knex';
import type passportFactory from 'passport';
import { Strategy as CustomStrategy } from 'passport-custom';
import { emailInUse, forbidden } from '../errors';
import { assertInviteUsable } from './access';
import { hashToken } from '../commands/invitationCreator';
import type { InvitationRow } from '../rows';
import { toSessionUser } from './passport';
import type { SessionUser } from './roles';

const TOKEN = /^[A-Za-z0-9_-]{32,128}$/;

export interface InviteInfo {
  invitation: InvitationRow;
}

export function registerInviteStrategy(passport: passportFactory.PassportStatic, knex: Knex): void {
  passport.use(
    'invite',
    new CustomStrategy(async (req: Request, done) => {
      try {
        const token = req.body?.token;
        if (typeof token !== 'string' || !TOKEN.test(token)) return done(null, false);
        const inv: InvitationRow | undefined = await knex('invitations').where({ token_hash: hashToken(token) }).first();
        if (!inv) return done(null, false);
        assertInviteUsable(inv);
        const user = await candidateFor(knex, inv);
        const sessionUser: SessionUser = { ...toSessionUser(user), invitationId: inv.id };
        // The invitation as it now stands goes along, so the route presents it without reading it again.
        const info: InviteInfo = { invitation: { ...inv, candidate_id: user.id } };
        return done(null, sessionUser, info);
      } catch (err) {
        return done(err);
      }
    }),
  );
}

const USER_COLUMNS = ['id', 'email', 'name', 'role', 'disabled_at'];

/** First use: one insert that returns the new account; later uses: one select (the insert did nothing). */
async function candidateFor(knex: Knex, inv: InvitationRow) {
  const email = inv.email.toLowerCase();
  const [created] = await knex('users')
    .insert({ email, name: email.split('@')[0], role: 'candidate', password_hash: null })
    .onConflict('email')
    .ignore()
    .returning(USER_COLUMNS);
  const user = created ?? (await knex('users').where({ email }).first(USER_COLUMNS));
  if (user.role !== 'candidate') throw emailInUse();
  if (user.disabled_at) throw forbidden('this account is disabled');
  if (inv.candidate_id !== user.id) await knex('invitations').where({ id: inv.id }).update({ candidate_id: user.id });
  return user;
}
