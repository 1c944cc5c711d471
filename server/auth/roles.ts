export const ROLES = ['candidate', 'recruiter', 'author', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a request knows about its user (deserialised from the session on every request). */
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  /** Set for candidates signed in through an invite link. */
  invitationId?: number;
}
