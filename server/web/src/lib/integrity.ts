// Integrity signals from the candidate's workspace: large pastes into an editor, the window losing focus, the
// tab being hidden, and the time from opening a challenge to the first keystroke. Events are batched and sent
// every few seconds (and with keepalive when the page goes away); the server caps and clamps them. They are
// signals for a reviewer, never proof, so the page records no content: only sizes, durations and times.

const FLUSH_MS = 5000;
const MAX_BATCH = 50;
/** Mirrors LARGE_PASTE_CHARS on the server: shorter pastes are ordinary editing. */
const LARGE_PASTE_CHARS = 200;
/** Stop reporting after this many events in one page load (the server caps per invitation anyway). */
const MAX_PER_PAGE = 500;
const ENDPOINT = '/api/candidate/integrity-events';

type IntegrityEvent = { type: 'paste' | 'blur' | 'hidden' | 'first_keystroke'; at: string; challengeId?: number | null; amount?: number | null };

export class IntegrityRecorder {
  private queue: IntegrityEvent[] = [];
  private sent = 0;
  private timer?: ReturnType<typeof setTimeout>;
  private blurredAt: number | null = null;
  private hiddenAt: number | null = null;
  private opened = new Map<number, number>();
  private typed = new Set<number>();
  private stopped = false;
  /** The challenge on screen, for events that are not tied to an editor. */
  current: number | null = null;

  constructor() {
    addEventListener('blur', () => {
      if (this.blurredAt === null) this.blurredAt = Date.now();
    });
    addEventListener('focus', () => this.endAway('blur'));
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') {
        this.hiddenAt ??= Date.now();
        this.endAway('blur');
        // The page may never come back: send what is queued while it still can.
        this.flush(true);
      } else this.endAway('hidden');
    });
    addEventListener('pagehide', () => {
      this.endAway('hidden');
      this.flush(true);
    });
  }

  /** Watch one challenge's editor: pastes and its first keystroke. */
  watchEditor(challengeId: number, host: HTMLElement): void {
    this.opened.set(challengeId, Date.now());
    host.addEventListener(
      'paste',
      (ev) => {
        const size = (ev as ClipboardEvent).clipboardData?.getData('text/plain').length ?? 0;
        if (size >= LARGE_PASTE_CHARS) this.add({ type: 'paste', challengeId, amount: size });
      },
      true,
    );
    host.addEventListener(
      'keydown',
      () => {
        if (this.typed.has(challengeId)) return;
        this.typed.add(challengeId);
        this.add({ type: 'first_keystroke', challengeId, amount: Date.now() - (this.opened.get(challengeId) ?? Date.now()) });
      },
      true,
    );
  }

  /** No more events (the assessment is over). */
  stop(): void {
    this.flush(false);
    this.stopped = true;
  }

  /** Focus or visibility came back (or the page is leaving): one event with the time away. */
  private endAway(kind: 'blur' | 'hidden'): void {
    const since = kind === 'blur' ? this.blurredAt : this.hiddenAt;
    if (since === null) return;
    if (kind === 'blur') this.blurredAt = null;
    else this.hiddenAt = null;
    this.add({ type: kind, at: new Date(since).toISOString(), challengeId: this.current, amount: Date.now() - since });
  }

  private add(e: Omit<IntegrityEvent, 'at'> & { at?: string }): void {
    if (this.stopped || this.sent + this.queue.length >= MAX_PER_PAGE) return;
    this.queue.push({ ...e, at: e.at ?? new Date().toISOString() });
    if (this.queue.length >= MAX_BATCH) this.flush(false);
    else this.timer ??= setTimeout(() => this.flush(false), FLUSH_MS);
  }

  /** Send what is queued; `keepalive` lets the request outlive a closing page. */
  flush(keepalive: boolean): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.queue.length || this.stopped) return;
    const events = this.queue.splice(0, MAX_BATCH);
    this.sent += events.length;
    // Fire and forget: a lost batch costs a signal, never the candidate's work.
    void fetch(ENDPOINT, { method: 'POST', keepalive, credentials: 'same-origin', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ events }) }).catch(() => undefined);
    if (this.queue.length) this.timer = setTimeout(() => this.flush(false), FLUSH_MS);
  }
}
