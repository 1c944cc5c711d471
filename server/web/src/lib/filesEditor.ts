// A challenge's folder as editable files: a file list, one CodeMirror per open file, add and remove.
import { button, clear, field, h } from './dom';
import { createEditor, type Editor, type EditorLanguage } from './editor';

function languageOf(path: string): EditorLanguage {
  if (path.endsWith('.ts')) return 'typescript';
  if (path.endsWith('.js')) return 'javascript';
  if (path.endsWith('.sql')) return 'sql';
  return 'text';
}

export interface FilesEditor {
  el: HTMLElement;
  files(): Record<string, string>;
  changed(): boolean;
}

export function filesEditor(initial: Record<string, string>, opts: { readOnly?: boolean } = {}): FilesEditor {
  const files = new Map(Object.entries(initial).sort(([a], [b]) => a.localeCompare(b)));
  const original = JSON.stringify(Object.fromEntries(files));
  const list = h('ul', { class: 'file-list', 'aria-label': 'Files' });
  const host = h('div', { class: 'editor file-editor' });
  const title = h('h3', { class: 'file-title' });
  let current: { path: string; editor: Editor } | undefined;

  const keep = () => {
    if (current) files.set(current.path, current.editor.value());
  };
  const open = (path: string) => {
    keep();
    current?.editor.destroy();
    clear(host);
    title.textContent = path;
    current = { path, editor: createEditor(host, { language: languageOf(path), doc: files.get(path) ?? '', readOnly: opts.readOnly, label: `Contents of ${path}` }) };
    renderList();
  };
  const renderList = () =>
    clear(
      list,
      [...files.keys()].sort().map((path) =>
        h(
          'li',
          {},
          button(path, () => open(path), { class: current?.path === path ? 'file current' : 'file', 'aria-pressed': String(current?.path === path), 'data-file': path }),
          opts.readOnly
            ? null
            : button('✕', () => {
                if (!confirmRemove(path)) return;
                files.delete(path);
                if (current?.path === path) {
                  current.editor.destroy();
                  current = undefined;
                  clear(host);
                  title.textContent = '';
                }
                renderList();
              }, { class: 'remove', 'aria-label': `Remove ${path}` }),
        ),
      ),
    );
  const confirmRemove = (path: string) => window.confirm(`Remove ${path}?`);

  const newName = h('input', { name: 'newFile', placeholder: 'wrong/off-by-one.ts' });
  const add = h(
    'form',
    { class: 'add-file' },
    field('New file', newName),
    h('button', { type: 'submit' }, 'Add file'),
  );
  add.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const path = newName.value.trim();
    if (!path) return;
    if (!files.has(path)) files.set(path, '');
    newName.value = '';
    open(path);
  });

  renderList();
  const first = files.has('challenge.yaml') ? 'challenge.yaml' : [...files.keys()][0];
  const el = h('div', { class: 'files' }, h('div', { class: 'files-side' }, list, opts.readOnly ? null : add), h('div', { class: 'files-main' }, title, host));
  if (first) queueMicrotask(() => open(first));
  return {
    el,
    files: () => {
      keep();
      return Object.fromEntries(files);
    },
    changed: () => {
      keep();
      return JSON.stringify(Object.fromEntries([...files].sort(([a], [b]) => a.localeCompare(b)))) !== original;
    },
  };
}
