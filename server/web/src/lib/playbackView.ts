// Code playback on the recruiter's candidate page: a slider over the frames of the candidate's code (rebuilt here
// from the compact deltas the server stores), with each run and submit marked on the timeline; a mark jumps to
// the code as it was when it was sent.
import { errorMessage, get } from './api';
import { button, clear, h } from './dom';
import { createEditor, type Editor, type EditorLanguage } from './editor';
import { score } from './format';
import type { PlaybackView } from '../../../presenters/playback';

/** Every frame's full code, in order. */
export function rebuildFrames(view: PlaybackView): string[] {
  let code = '';
  return view.frames.map((f) => (code = f.full ? f.text : code.slice(0, f.keepStart) + f.text + code.slice(f.keepStart + f.removed)));
}

/** The frame on screen when something happened at `at`: the last one recorded by then (a second's grace for the snapshot sent with it). */
function frameAt(view: PlaybackView, at: string): number {
  const t = new Date(at).getTime() + 1000;
  let index = 0;
  view.frames.forEach((f, i) => {
    if (new Date(f.at).getTime() <= t) index = i;
  });
  return index;
}

export function playbackBlock(invitationId: number, challengeId: number, language: EditorLanguage): HTMLElement {
  const body = h('div', { class: 'playback-body' });
  const block = h(
    'details',
    { class: 'playback', id: `playback-${challengeId}` },
    h('summary', {}, 'Replay how the code grew'),
    body,
  );
  let loaded = false;
  block.addEventListener('toggle', () => {
    if (!block.open || loaded) return;
    loaded = true;
    void load();
  });

  async function load(): Promise<void> {
    clear(body, h('p', { class: 'muted', role: 'status' }, 'Loading…'));
    let view: PlaybackView;
    try {
      view = await get<PlaybackView>(`/api/invitations/${invitationId}/playback/${challengeId}`);
    } catch (err) {
      clear(body, h('p', { class: 'status error', role: 'alert' }, errorMessage(err)));
      return;
    }
    if (!view.frames.length) {
      clear(body, h('p', { class: 'muted' }, 'No playback was recorded for this challenge.'));
      return;
    }
    const frames = rebuildFrames(view);
    const slider = h('input', { type: 'range', min: 0, max: frames.length - 1, value: frames.length - 1, step: 1, 'aria-label': 'Playback position', class: 'playback-slider', style: 'width: 100%' });
    const caption = h('p', { class: 'muted playback-caption', role: 'status' });
    const host = h('div', { class: 'editor readonly playback-editor' });
    const span = Math.max(1, frames.length - 1);
    const marks = h(
      'div',
      { class: 'playback-marks', 'aria-label': 'Runs and submits', style: 'position: absolute; left: 0.6rem; right: 0.6rem; bottom: 0; height: 1.6rem' },
      view.marks.map((m) => {
        const index = frameAt(view, m.at);
        const label = `${m.mode === 'run' ? 'Run' : 'Submit'} #${m.submissionId}${m.verdict ? ` · ${m.verdict}` : ''}${m.score !== null && m.mode === 'submit' ? ` · ${score(m.score)}` : ''}`;
        return button(m.mode === 'run' ? 'R' : 'S', () => show(index), {
          class: `mark mark-${m.mode}`,
          title: label,
          'aria-label': label,
          'data-submission': String(m.submissionId),
          'data-frame': String(index),
          // Positioned on the slider's scale; inline styles are allowed by the CSP (style-src 'unsafe-inline').
          style: `position: absolute; left: calc(${(index / span) * 100}% - 0.6rem); padding: 0 0.35rem; font-size: 0.75rem`,
        });
      }),
    );
    let editor: Editor | undefined;
    function show(index: number): void {
      slider.value = String(index);
      const f = view.frames[index];
      caption.textContent = `Frame ${index + 1} of ${frames.length} · ${new Date(f.at).toLocaleTimeString()} · ${frames[index].length} characters`;
      block.dataset.frame = String(index);
      editor?.setValue(frames[index]);
    }
    slider.addEventListener('input', () => show(Number(slider.value)));
    clear(body, h('div', { class: 'playback-track', style: 'position: relative; padding-bottom: 1.8rem' }, slider, marks), caption, host);
    editor = createEditor(host, { language, doc: frames[frames.length - 1], readOnly: true, label: `Playback of challenge ${challengeId}` });
    show(frames.length - 1);
  }
  return block;
}
