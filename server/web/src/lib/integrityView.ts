// Integrity signals on the recruiter's candidate page: a summary card with the timeline, and one line per
// challenge beside its similarity flags. Worded as signals to ask about, never as findings.
import { h } from './dom';
import type { IntegrityView } from '../../../presenters/integrity';

const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);

function describe(e: IntegrityView['events'][number], titles: Map<number, string>): string {
  const where = e.challengeId !== null ? ` (${titles.get(e.challengeId) ?? `challenge ${e.challengeId}`})` : '';
  const amount = e.amount ?? 0;
  if (e.type === 'paste') return `Pasted ${amount} characters${where}`;
  if (e.type === 'blur') return `Window lost focus for ${seconds(amount)}${where}`;
  if (e.type === 'hidden') return `Tab hidden (switched away) for ${seconds(amount)}${where}`;
  return `First keystroke ${seconds(amount)} after opening${where}`;
}

export function integrityCard(view: IntegrityView, challenges: Array<{ id: number; title: string }>): HTMLElement {
  const s = view.summary;
  const titles = new Map(challenges.map((c) => [c.id, c.title]));
  return h(
    'section',
    { class: 'card', id: 'integrity' },
    h('h2', {}, 'Integrity signals'),
    h('p', { class: 'muted small caveat' }, view.caveat),
    s.events === 0
      ? h('p', { class: 'muted' }, 'No signals were recorded.')
      : h(
          'ul',
          { class: 'signal-summary' },
          h('li', { 'data-signal': 'pastes' }, `${s.pastes} large paste${s.pastes === 1 ? '' : 's'}${s.largestPasteChars ? ` (largest ${s.largestPasteChars} characters)` : ''}`),
          h('li', { 'data-signal': 'focus' }, `${s.focusLosses} focus loss${s.focusLosses === 1 ? '' : 'es'}`),
          h('li', { 'data-signal': 'tabs' }, `${s.tabSwitches} tab switch${s.tabSwitches === 1 ? '' : 'es'} (${s.hiddenSeconds} s away)`),
        ),
    view.events.length
      ? h(
          'details',
          {},
          h('summary', {}, `Timeline (${view.events.length} signal${view.events.length === 1 ? '' : 's'})`),
          h('ol', { class: 'signal-timeline' }, view.events.map((e) => h('li', { 'data-type': e.type }, h('time', { datetime: e.at }, new Date(e.at).toLocaleTimeString()), ' ', describe(e, titles)))),
        )
      : null,
  );
}

/** One line for a challenge's section, beside its similarity flags; null when nothing was recorded for it. */
export function challengeSignals(view: IntegrityView, challengeId: number): HTMLElement | null {
  const mine = view.events.filter((e) => e.challengeId === challengeId);
  const pastes = mine.filter((e) => e.type === 'paste');
  const first = view.summary.firstKeystrokeMs[String(challengeId)];
  if (!pastes.length && first === undefined) return null;
  const parts = [
    pastes.length ? `${pastes.length} large paste${pastes.length === 1 ? '' : 's'} (${pastes.map((p) => p.amount).join(', ')} characters)` : null,
    first !== undefined ? `first keystroke ${seconds(first)} after opening` : null,
  ].filter(Boolean);
  return h('p', { class: 'signals muted', 'data-challenge-signals': String(challengeId) }, `Signals (not proof): ${parts.join(' · ')}`);
}
