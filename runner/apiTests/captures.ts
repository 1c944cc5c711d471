// Captures: a value of one step's response (a body path, a header, the status) saved under a name, and
// `{{name}}` placeholders that put it into later steps' requests and expected values. Variables live for
// one test: each test starts with none (tests share no state, so neither do their variables).
import { isMatcher, show } from './matchers';

export type Vars = Record<string, unknown>;

export type CaptureSource =
  | { from: 'body'; segments: (string | number)[]; text: string }
  | { from: 'header'; name: string; text: string }
  | { from: 'status'; text: string };

export const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;

/**
 * Parse a capture source: `status`, `headers.<name>` (any case), or a body path: `body` / `$`, then
 * `.key`, `[index]` (negative counts from the end) or `["odd key"]`, e.g. `body.items[0].id`, `$.token`.
 */
export function parseCaptureSource(text: string): CaptureSource | string {
  const t = text.trim();
  if (t === 'status') return { from: 'status', text: t };
  const header = /^headers?\.([!#$%&'*+.^_`|~0-9A-Za-z-]+)$/.exec(t);
  if (header) return { from: 'header', name: header[1].toLowerCase(), text: t };
  const root = /^(\$|body)/.exec(t);
  if (!root) return `"${text}" is not a capture source: use status, headers.<name>, or a body path such as body.items[0].id or $.token`;
  const segments: (string | number)[] = [];
  let rest = t.slice(root[0].length);
  while (rest.length > 0) {
    const m = /^\.([A-Za-z_$][\w$-]*)|^\[(-?\d+)\]|^\[("(?:[^"\\]|\\.)*"|'[^']*')\]/.exec(rest);
    if (!m) return `"${text}": cannot read the path at "${rest}"`;
    if (m[1] !== undefined) segments.push(m[1]);
    else if (m[2] !== undefined) segments.push(Number(m[2]));
    else segments.push(m[3].startsWith('"') ? (JSON.parse(m[3]) as string) : m[3].slice(1, -1));
    rest = rest.slice(m[0].length);
  }
  return { from: 'body', segments, text: t };
}

export interface CapturedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** The captured value, or an error line for the step's diff when the response has no such value. */
export function extract(source: CaptureSource, response: CapturedResponse): { value: unknown } | { error: string } {
  if (source.from === 'status') return { value: response.status };
  if (source.from === 'header') {
    const entry = Object.entries(response.headers).find(([k]) => k.toLowerCase() === source.name);
    return entry ? { value: entry[1] } : { error: `${source.text}: the response has no ${source.name} header` };
  }
  let value: unknown = response.body;
  for (const seg of source.segments) {
    if (typeof seg === 'number') {
      if (!Array.isArray(value)) return { error: `${source.text}: expected an array before [${seg}], got ${show(value)}` };
      const i = seg < 0 ? value.length + seg : seg;
      if (i < 0 || i >= value.length) return { error: `${source.text}: index ${seg} is outside an array of ${value.length} items` };
      value = value[i];
    } else {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.prototype.hasOwnProperty.call(value, seg)) {
        return { error: `${source.text}: no "${seg}" in ${show(value)}` };
      }
      value = (value as Record<string, unknown>)[seg];
    }
  }
  if (value === undefined) return { error: `${source.text}: nothing there` };
  return { value };
}

/** Every placeholder a value uses (keys included), with where it is, for the challenge parser's errors. */
export function placeholders(value: unknown, path: (string | number)[] = [], out: Array<{ name: string; path: (string | number)[] }> = []) {
  if (typeof value === 'string') for (const m of value.matchAll(PLACEHOLDER)) out.push({ name: m[1], path });
  else if (Array.isArray(value)) value.forEach((v, i) => placeholders(v, [...path, i], out));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      placeholders(k, [...path, k], out);
      placeholders(v, [...path, k], out);
    }
  }
  return out;
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Substitute inside a string: the text of each variable (strings as they are, other values as JSON). */
export function substituteText(text: string, vars: Vars, encode: (s: string) => string = (s) => s): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => (name in vars ? encode(asText(vars[name])) : whole));
}

/**
 * Substitute inside a JSON value (a request body or an expected value). A string that is exactly one
 * placeholder becomes the captured value itself, type kept (`id: "{{id}}"` is the number 7 when 7 was
 * captured); inside a longer string it is its text. `$regex` and `$schema` arguments are left as written.
 */
export function substituteJson(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE_PLACEHOLDER.exec(value);
    if (whole && whole[1] in vars) return vars[whole[1]];
    return substituteText(value, vars);
  }
  if (Array.isArray(value)) return value.map((v) => substituteJson(v, vars));
  if (typeof value === 'object' && value !== null) {
    const matcher = isMatcher(value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[matcher ? k : substituteText(k, vars)] = matcher && (k === '$regex' || k === '$schema' || k === '$flags') ? v : substituteJson(v, vars);
    }
    return out;
  }
  return value;
}
