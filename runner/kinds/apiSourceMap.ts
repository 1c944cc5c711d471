// Maps locations in the compiled candidate module back to the candidate's own source: esbuild's CommonJS
// output starts with its helpers and drops the types, so a stack trace would otherwise point ~20 lines
// below the line the candidate wrote. A source map v3 "mappings" decoder, small enough to keep here.
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** Per generated line (0-based), its segments as [generated column, original line, original column] (0-based). */
export type LineMap = Array<Array<[number, number, number]>>;

export function decodeMappings(mappings: string): LineMap {
  const lines: LineMap = [];
  let origLine = 0;
  let origCol = 0;
  for (const line of mappings.split(';')) {
    const segments: Array<[number, number, number]> = [];
    let genCol = 0;
    for (const segment of line.split(',')) {
      if (segment === '') continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of segment) {
        const digit = DIGIT.get(ch) ?? 0;
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      genCol += fields[0];
      if (fields.length >= 4) {
        origLine += fields[2];
        origCol += fields[3];
        segments.push([genCol, origLine, origCol]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

/** The original 1-based line and column of a 1-based generated one, or undefined where nothing maps. */
export function originalPosition(map: LineMap, line: number, column: number): { line: number; column: number } | undefined {
  const segments = map[line - 1];
  if (!segments || segments.length === 0) return undefined;
  let best = segments[0];
  for (const s of segments) {
    if (s[0] <= column - 1) best = s;
    else break;
  }
  // Inside a token that starts at a mapped column, the offset into the token is the same in both.
  const inside = column - 1 - best[0];
  return { line: best[1] + 1, column: best[2] + 1 + (inside > 0 ? inside : 0) };
}

/**
 * Rewrites every `file:line:column` of the compiled module in `text` to the candidate's own position, and
 * drops stack frames inside the sandbox's harness (Express's internals), which say nothing about their code.
 */
export function remapLocations(text: string, file: string, map: LineMap | undefined): string {
  if (!text) return text;
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let out = text.replace(/^\s*at [^\n]*assay:harness:\d+:\d+\)?\n?/gm, '');
  if (map) {
    out = out.replace(new RegExp(`${escaped}:(\\d+):(\\d+)`, 'g'), (whole, l: string, c: string) => {
      const p = originalPosition(map, Number(l), Number(c));
      return p ? `${file}:${p.line}:${p.column}` : whole;
    });
  }
  return out;
}
