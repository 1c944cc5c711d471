// A single-use invite link: the token is returned once and only its sha256 is stored.
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { conflict } from '../errors';
import type { InvitationRow } from '../rows';
import { queueInvitationEmail, type InvitationEmailRow } from './invitationEmailQueuer';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function invitationCreator(
  knex: Knex,
  input: { assessmentId: number; email: string; expiresInDays: number; requestedBy?: number },
  /** With email on: the invite link for a token; the email is queued in the invitation's transaction. */
  emailLink?: (token: string) => string,
): Promise<{ invitation: InvitationRow; token: string; email: InvitationEmailRow | null }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + input.expiresInDays * 24 * 60 * 60 * 1000);
  const insert = async (q: Knex | Knex.Transaction): Promise<InvitationRow> =>
    (await q('invitations').insert({ assessment_id: input.assessmentId, email: input.email.toLowerCase(), token_hash: hashToken(token), expires_at: expiresAt }).returning('*'))[0];
  try {
    // One statement without email; with it, the email row commits with the invitation or not at all.
    if (!emailLink) return { invitation: await insert(knex), token, email: null };
    return await knex.transaction(async (trx) => {
      const invitation = await insert(trx);
      const email = await queueInvitationEmail(trx, { invitationId: invitation.id, kind: 'invitation', to: invitation.email, link: emailLink(token), requestedBy: input.requestedBy });
      return { invitation, token, email };
    });
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw conflict(`${input.email} is already invited to this assessment`);
    throw err;
  }
}
