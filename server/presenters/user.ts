import type { SessionUser } from '../auth/roles';

export function presentUser(user: SessionUser | { id: number; email: string; name: string; role: string; created_at?: Date }) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    ...('created_at' in user && user.created_at ? { createdAt: new Date(user.created_at).toISOString() } : {}),
  };
}
