// A single-use invite link: the token is returned once and only its sha256 is stored.
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { conflict } from '../errors';
import type { InvitationRow } from '../rows';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function invitationCreator(
  knex: Knex,
  input: { assessmentId: number; email: string; expiresInDays: number },
): Promise<{ invitation: InvitationRow; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + input.expiresInDays * 24 * 60 * 60 * 1000);
  try {
    const [invitation] = await knex('invitations')
      .insert({ assessment_id: input.assessmentId, email: input.email.toLowerCase(), token_hash: hashToken(token), expires_at: expiresAt })
      .returning('*');
    return { invitation, token };
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw conflict(`${input.email} is already invited to this assessment`);
    throw err;
  }
}
