// PostgreSQL result column types as the comparison sees them: the type oid of each column (PGlite's
// RowDescription dataTypeID) mapped to a family that decides how values compare, and a name for messages.
// Widths of one family compare alike (a bigint COUNT(*) equals an integer one); different families are a
// type mismatch unless the challenge declares them equivalent (compare.equivalentTypes).

export type TypeFamily =
  | 'integer'
  | 'numeric'
  | 'float'
  | 'text'
  | 'boolean'
  | 'date'
  | 'timestamp'
  | 'timestamptz'
  | 'time'
  | 'timetz'
  | 'interval'
  | 'json'
  | 'bytea'
  | 'other'
  /** No type known (a table without types): values compare by their JSON shape. */
  | 'untyped';

export interface ColumnType {
  oid?: number;
  family: TypeFamily;
  /** As PostgreSQL names it, for messages: "bigint", "numeric[]". */
  name: string;
  /** Arrays: the element's type (arrays of arrays are the same oid in PostgreSQL). */
  element?: ColumnType;
}

const SCALARS: Record<number, [TypeFamily, string]> = {
  16: ['boolean', 'boolean'],
  17: ['bytea', 'bytea'],
  18: ['text', '"char"'],
  19: ['text', 'name'],
  20: ['integer', 'bigint'],
  21: ['integer', 'smallint'],
  23: ['integer', 'integer'],
  25: ['text', 'text'],
  26: ['integer', 'oid'],
  114: ['json', 'json'],
  700: ['float', 'real'],
  701: ['float', 'double precision'],
  1042: ['text', 'character'],
  1043: ['text', 'character varying'],
  1082: ['date', 'date'],
  1083: ['time', 'time'],
  1114: ['timestamp', 'timestamp'],
  1184: ['timestamptz', 'timestamptz'],
  1186: ['interval', 'interval'],
  1266: ['timetz', 'timetz'],
  1700: ['numeric', 'numeric'],
  2950: ['other', 'uuid'],
  3802: ['json', 'jsonb'],
  790: ['other', 'money'],
};

/** Array type oid -> element type oid (pg_type.typarray, for the types above). */
const ARRAYS: Record<number, number> = {
  1000: 16, 1001: 17, 1002: 18, 1003: 19, 1016: 20, 1005: 21, 1007: 23, 1009: 25, 1028: 26, 199: 114, 1021: 700,
  1022: 701, 1014: 1042, 1015: 1043, 1182: 1082, 1183: 1083, 1115: 1114, 1185: 1184, 1187: 1186, 1270: 1266,
  1231: 1700, 2951: 2950, 3807: 3802, 791: 790,
};

export const BPCHAR_OID = 1042;

const UNTYPED: ColumnType = { family: 'untyped', name: 'unknown type' };

export function columnType(oid: number | undefined): ColumnType {
  if (oid === undefined) return UNTYPED;
  const scalar = SCALARS[oid];
  if (scalar) return { oid, family: scalar[0], name: scalar[1] };
  const elementOid = ARRAYS[oid];
  if (elementOid !== undefined) {
    const element = columnType(elementOid);
    return { oid, family: element.family, name: `${element.name}[]`, element };
  }
  return { oid, family: 'other', name: `type oid ${oid}` };
}

/** Families the challenge may declare equivalent, and the names authors write for them. */
export const EQUIVALENCE_GROUPS: ReadonlyArray<ReadonlySet<TypeFamily>> = [
  new Set<TypeFamily>(['integer', 'numeric', 'float']),
  new Set<TypeFamily>(['date', 'timestamp', 'timestamptz']),
];

export const FAMILY_NAMES: Record<string, TypeFamily> = {
  integer: 'integer',
  int: 'integer',
  bigint: 'integer',
  smallint: 'integer',
  numeric: 'numeric',
  decimal: 'numeric',
  float: 'float',
  real: 'float',
  'double precision': 'float',
  date: 'date',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
};

/** `date ~ timestamp` -> ['date', 'timestamp'], or an error message. */
export function parseEquivalence(text: string): [TypeFamily, TypeFamily] | string {
  const parts = text.split('~').map((p) => p.trim().toLowerCase().replace(/\s+/g, ' '));
  if (parts.length !== 2) return `"${text}" is not of the form "type ~ type"`;
  const families = parts.map((p) => FAMILY_NAMES[p]);
  const unknown = parts.filter((p, i) => families[i] === undefined);
  if (unknown.length > 0) return `unknown type "${unknown[0]}" (known: ${Object.keys(FAMILY_NAMES).join(', ')})`;
  const [a, b] = families as [TypeFamily, TypeFamily];
  if (a === b) return `"${text}" names one type family twice`;
  if (!EQUIVALENCE_GROUPS.some((g) => g.has(a) && g.has(b))) return `${a} and ${b} cannot be equivalent: only numbers with numbers and dates/timestamps with each other`;
  return [a, b];
}
