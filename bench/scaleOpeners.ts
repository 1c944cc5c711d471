// The onboarding burst's candidates (bench/scale.ts), in a process of their own: given the platform's URL and the
// invitation tokens on the IPC channel, every candidate at once accepts, starts and connects Socket.IO; the timings
// go back on the channel once every attempt has ended, and the sockets close after.
import { io as ioClient, type Socket } from 'socket.io-client';
import { Client } from '../test/helpers/client';

// The client's Socket.IO connect timeout (socket.io-client's default).
const CONNECT_TIMEOUT_MS = 20_000;

export interface Opened {
  ok: boolean;
  phase?: string;
  acceptMs: number;
  startMs: number;
  connectMs: number;
}

async function openAssessment(url: string, token: string, sockets: Socket[]): Promise<Opened> {
  try {
    return await openSteps(url, token, sockets);
  } catch (err) {
    // A request that could not even connect (the server's accept queue overflowed): a failed opener, not a crash.
    return { ok: false, phase: `request ${(err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).message}`, acceptMs: 0, startMs: 0, connectMs: 0 };
  }
}

async function openSteps(url: string, token: string, sockets: Socket[]): Promise<Opened> {
  const client = new Client(url);
  const out: Opened = { ok: false, acceptMs: 0, startMs: 0, connectMs: 0 };
  let t0 = performance.now();
  const accepted = await client.post('/api/invitations/accept', { token });
  out.acceptMs = performance.now() - t0;
  if (accepted.status !== 200) return { ...out, phase: `accept ${accepted.status}` };
  t0 = performance.now();
  const started = await client.post('/api/candidate/start');
  out.startMs = performance.now() - t0;
  if (started.status !== 200) return { ...out, phase: `start ${started.status}` };
  t0 = performance.now();
  const socket = ioClient(url, { transports: ['websocket'], extraHeaders: { cookie: client.cookieHeader() }, reconnection: false, forceNew: true, timeout: CONNECT_TIMEOUT_MS });
  sockets.push(socket);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  } catch (err) {
    return { ...out, phase: `connect ${(err as Error).message}` };
  }
  out.connectMs = performance.now() - t0;
  return { ...out, ok: true };
}

process.once('message', async (message) => {
  const { url, tokens } = message as { url: string; tokens: string[] };
  const sockets: Socket[] = [];
  const t0 = performance.now();
  const opened = await Promise.all(tokens.map((t) => openAssessment(url, t, sockets)));
  const totalMs = performance.now() - t0;
  process.send!({ opened, totalMs }, () => {
    for (const s of sockets) s.close();
    process.exit(0);
  });
});
