// CodeMirror 6: TypeScript for API challenges, PostgreSQL with the challenge's tables for SQL ones.
import { basicSetup, EditorView } from 'codemirror';
import { EditorState, type Extension } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { PostgreSQL, sql } from '@codemirror/lang-sql';

export type EditorLanguage = 'typescript' | 'javascript' | 'sql' | 'yaml' | 'markdown' | 'text';

export interface Editor {
  view: EditorView;
  value(): string;
  setValue(text: string): void;
  focus(): void;
  destroy(): void;
}

export interface EditorOptions {
  language: EditorLanguage;
  doc: string;
  /** SQL: table name -> column names, for completion. */
  tables?: Record<string, string[]>;
  readOnly?: boolean;
  label?: string;
  onChange?: (text: string) => void;
}

function languageExtension(opts: EditorOptions): Extension {
  switch (opts.language) {
    case 'typescript':
      return javascript({ typescript: true });
    case 'javascript':
      return javascript();
    case 'sql':
      return sql({ dialect: PostgreSQL, schema: opts.tables ?? {}, upperCaseKeywords: false });
    default:
      return [];
  }
}

export function createEditor(parent: HTMLElement, opts: EditorOptions): Editor {
  const extensions: Extension[] = [
    basicSetup,
    // Tab indents; Escape then Tab leaves the editor (CodeMirror's accessible tab handling).
    keymap.of([indentWithTab]),
    languageExtension(opts),
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({ 'aria-label': opts.label ?? 'Code editor' }),
  ];
  if (opts.readOnly) extensions.push(EditorState.readOnly.of(true), EditorView.editable.of(false));
  if (opts.onChange) {
    const onChange = opts.onChange;
    extensions.push(EditorView.updateListener.of((u) => u.docChanged && onChange(u.state.doc.toString())));
  }
  const view = new EditorView({ parent, state: EditorState.create({ doc: opts.doc, extensions }) });
  return {
    view,
    value: () => view.state.doc.toString(),
    setValue: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}

/** Tables and columns from a schema's CREATE TABLE statements (for completion only; approximate is fine). */
export function tablesFromSchema(schemaSql: string): Record<string, string[]> {
  const tables: Record<string, string[]> = {};
  const re = /create\s+table\s+(?:if\s+not\s+exists\s+)?("?[\w.]+"?)\s*\(([\s\S]*?)\)\s*;/gi;
  for (const m of schemaSql.matchAll(re)) {
    const name = m[1].replace(/"/g, '');
    const columns: string[] = [];
    let depth = 0;
    let part = '';
    const parts: string[] = [];
    for (const ch of m[2]) {
      if (ch === '(') depth++;
      if (ch === ')') depth--;
      if (ch === ',' && depth === 0) {
        parts.push(part);
        part = '';
      } else part += ch;
    }
    parts.push(part);
    for (const p of parts) {
      const word = p.trim().split(/\s+/)[0]?.replace(/"/g, '');
      if (word && !/^(primary|foreign|unique|check|constraint|exclude)$/i.test(word)) columns.push(word);
    }
    tables[name] = columns;
  }
  return tables;
}
