// Normalising tokenizers for similarity (Schleimer, Wilkerson, Aiken: "Winnowing", SIGMOD 2003, section 4):
// identifiers become V and literals L, keywords and operators stay, comments and whitespace go. Renaming
// variables or changing strings therefore leaves the token stream unchanged. Each token keeps its source line
// so matches can be shown. These scanners never execute or fully parse the code: they only need to be
// stable and total (any input, however broken, yields some tokens and never throws).
// They live in the runner because each challenge kind names its tokenizer (ChallengeKind.tokenize).

export interface Token {
  /** Normalised text: 'V', 'L', a keyword or an operator. */
  text: string;
  /** 1-based line of the token's first character. */
  line: number;
}

const JS_KEYWORDS = new Set(
  (
    'break case catch class const continue debugger default delete do else export extends finally for function if import in ' +
    'instanceof let new return super switch this throw try typeof var void while with yield async await of static get set ' +
    'null undefined true false NaN Infinity ' +
    // TypeScript: type syntax is structure too.
    'interface type enum implements declare abstract readonly private protected public namespace as satisfies keyof ' +
    'infer is unique never unknown any'
  ).split(' '),
);

// Longest first, so `>>>=` wins over `>>`.
const JS_OPERATORS = [
  '>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=',
  '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '**', '<<', '>>',
  '{', '}', '(', ')', '[', ']', ';', ',', '<', '>', '+', '-', '*', '/', '%', '&', '|', '^', '!', '~', '?', ':', '=', '.', '@', '#',
];

const SQL_OPERATORS = ['<>', '!=', '<=', '>=', '||', '::', '->>', '->', '(', ')', ',', ';', '.', '=', '<', '>', '+', '-', '*', '/', '%', '[', ']', ':'];

const SQL_KEYWORDS = new Set(
  (
    'select from where group by having order asc desc nulls first last limit offset fetch next rows only join inner left right full ' +
    'outer cross natural on using as distinct all union intersect except with recursive case when then else end and or not in is null ' +
    'like ilike between exists any some true false insert into values update set delete returning conflict do nothing create table ' +
    'view index drop alter add column primary key references foreign unique check default constraint over partition window range ' +
    'unbounded preceding following current row filter lateral cast interval date timestamp integer int bigint numeric text varchar ' +
    'boolean count sum avg min max coalesce nullif greatest least row_number rank dense_rank lag lead first_value last_value ntile ' +
    'extract date_trunc round floor ceil abs length lower upper trim substring concat string_agg array_agg now generate_series ' +
    'percentile_cont within if begin commit rollback for share of'
  ).split(' '),
);

function isIdentStart(c: string): boolean {
  return /[A-Za-z_$\u0080-\uffff]/.test(c);
}
function isIdentPart(c: string): boolean {
  return /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
}

/** Counts lines while scanning, so every token knows where it started. */
class Cursor {
  pos = 0;
  line = 1;
  constructor(readonly src: string) {}
  get done(): boolean {
    return this.pos >= this.src.length;
  }
  peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }
  startsWith(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }
  advance(n = 1): void {
    for (let i = 0; i < n && this.pos < this.src.length; i++) {
      if (this.src[this.pos] === '\n') this.line++;
      this.pos++;
    }
  }
  skipUntil(end: string): void {
    const i = this.src.indexOf(end, this.pos);
    this.advance(i < 0 ? this.src.length - this.pos : i - this.pos + end.length);
  }
  /** Skips one whitespace character, `lineComment` to the end of its line, or a block comment; false when none is here. */
  skipTrivia(lineComment: string): boolean {
    if (/\s/.test(this.peek())) this.advance();
    else if (this.startsWith(lineComment)) this.skipUntil('\n');
    else if (this.startsWith('/*')) this.skipUntil('*/');
    else return false;
    return true;
  }
  /** The identifier starting here. */
  readWord(): string {
    const start = this.pos;
    while (!this.done && isIdentPart(this.peek())) this.advance();
    return this.src.slice(start, this.pos);
  }
}

// A `/` starts a regular expression unless it follows something that ends an expression.
function regexAllowed(prev: Token | undefined): boolean {
  if (!prev) return true;
  if (prev.text === 'V' || prev.text === 'L' || prev.text === ')' || prev.text === ']' || prev.text === '}') return false;
  if (prev.text === 'this' || prev.text === 'super' || prev.text === 'true' || prev.text === 'false' || prev.text === 'null') return false;
  return true;
}

function skipQuoted(c: Cursor, quote: string): void {
  c.advance();
  while (!c.done) {
    const ch = c.peek();
    if (ch === '\\') c.advance(2);
    else if (ch === quote) {
      c.advance();
      return;
    } else if (ch === '\n' && quote !== '`') return; // unterminated string: stop at the line end
    else c.advance();
  }
}

function skipRegex(c: Cursor): void {
  c.advance();
  let inClass = false;
  while (!c.done) {
    const ch = c.peek();
    if (ch === '\\') c.advance(2);
    else if (ch === '\n') return;
    else {
      if (ch === '[') inClass = true;
      else if (ch === ']') inClass = false;
      c.advance();
      if (ch === '/' && !inClass) break;
    }
  }
  while (!c.done && isIdentPart(c.peek())) c.advance(); // flags
}

function skipNumber(c: Cursor): void {
  while (!c.done && /[0-9A-Za-z_.]/.test(c.peek())) {
    // exponent sign: 1e-5
    if ((c.peek() === 'e' || c.peek() === 'E') && (c.peek(1) === '-' || c.peek(1) === '+') && /[0-9]/.test(c.peek(2))) c.advance(2);
    else c.advance();
  }
}

export function tokenizeJs(src: string): Token[] {
  const tokens: Token[] = [];
  const c = new Cursor(src);
  // Brace depth at which each open template literal's `${` started, innermost last.
  const templates: number[] = [];
  let depth = 0;
  const push = (text: string, line: number) => tokens.push({ text, line });

  // Scan template text from the current position (just after ` or }) to the closing ` or the next ${.
  const scanTemplate = () => {
    const line = c.line;
    while (!c.done) {
      const ch = c.peek();
      if (ch === '\\') c.advance(2);
      else if (ch === '`') {
        c.advance();
        push('L', line);
        return;
      } else if (ch === '$' && c.peek(1) === '{') {
        c.advance(2);
        push('L', line);
        templates.push(depth);
        depth++;
        return;
      } else c.advance();
    }
    push('L', line);
  };

  while (!c.done) {
    if (c.skipTrivia('//')) continue;
    const ch = c.peek();
    const line = c.line;
    if (ch === '"' || ch === "'") {
      skipQuoted(c, ch);
      push('L', line);
      continue;
    }
    if (ch === '`') {
      c.advance();
      scanTemplate();
      continue;
    }
    if (ch === '}' && templates.length && templates[templates.length - 1] === depth - 1) {
      templates.pop();
      depth--;
      c.advance();
      scanTemplate();
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(c.peek(1)))) {
      skipNumber(c);
      push('L', line);
      continue;
    }
    if (isIdentStart(ch)) {
      const word = c.readWord();
      push(JS_KEYWORDS.has(word) ? word : 'V', line);
      continue;
    }
    if (ch === '/' && regexAllowed(tokens[tokens.length - 1])) {
      skipRegex(c);
      push('L', line);
      continue;
    }
    const op = JS_OPERATORS.find((o) => c.startsWith(o));
    if (op) {
      if (op === '{') depth++;
      else if (op === '}') depth = Math.max(0, depth - 1);
      c.advance(op.length);
      push(op, line);
      continue;
    }
    c.advance(); // anything else (stray characters) carries no structure
  }
  return tokens;
}

export function tokenizeSql(src: string): Token[] {
  const tokens: Token[] = [];
  const c = new Cursor(src);
  const push = (text: string, line: number) => tokens.push({ text, line });
  while (!c.done) {
    if (c.skipTrivia('--')) continue;
    const ch = c.peek();
    const line = c.line;
    if (ch === "'") {
      // '' is an escaped quote inside a string.
      c.advance();
      while (!c.done) {
        if (c.peek() === "'" && c.peek(1) === "'") c.advance(2);
        else if (c.peek() === "'") {
          c.advance();
          break;
        } else c.advance();
      }
      push('L', line);
      continue;
    }
    if (ch === '"') {
      c.advance();
      c.skipUntil('"');
      push('V', line);
      continue;
    }
    const dollar = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(src.slice(c.pos, c.pos + 66));
    if (dollar) {
      c.advance(dollar[0].length);
      c.skipUntil(dollar[0]);
      push('L', line);
      continue;
    }
    if (ch === '$' && /[0-9]/.test(c.peek(1))) {
      c.advance();
      while (/[0-9]/.test(c.peek())) c.advance();
      push('L', line);
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(c.peek(1)))) {
      skipNumber(c);
      push('L', line);
      continue;
    }
    if (isIdentStart(ch)) {
      const word = c.readWord().toLowerCase();
      push(SQL_KEYWORDS.has(word) ? word : 'V', line);
      continue;
    }
    const op = SQL_OPERATORS.find((o) => c.startsWith(o));
    if (op) {
      c.advance(op.length);
      push(op, line);
      continue;
    }
    c.advance();
  }
  return tokens;
}
