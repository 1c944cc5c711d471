// Statements are authored Markdown: rendered with marked, then sanitised by DOMPurify before touching the DOM.
import DOMPurify from 'dompurify';
import { marked } from 'marked';

export function renderMarkdown(target: HTMLElement, markdown: string): void {
  const html = marked.parse(markdown, { async: false, gfm: true }) as string;
  target.innerHTML = DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input'], FORBID_ATTR: ['style'] });
  // Links in a statement open elsewhere, never replacing the workspace.
  target.querySelectorAll('a[href]').forEach((a) => {
    a.setAttribute('target', '_blank');
    a.setAttribute('rel', 'noopener noreferrer');
  });
}
