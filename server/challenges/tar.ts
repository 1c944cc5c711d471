// A challenge version's files as a ustar archive (what `tar -xf` unpacks into a challenge folder).
// Written by hand because the format is small and a package for it is not worth a dependency.
const BLOCK = 512;

function writeString(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value, offset, Math.min(length, Buffer.byteLength(value)), 'utf8');
}

function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  // length - 1 digits, NUL-terminated
  writeString(header, offset, length, value.toString(8).padStart(length - 1, '0') + '\0');
}

/** Split a path into ustar's name (≤ 100 bytes) and prefix (≤ 155 bytes) at a slash. */
function splitName(name: string): { name: string; prefix: string } {
  if (Buffer.byteLength(name) <= 100) return { name, prefix: '' };
  for (let i = name.lastIndexOf('/'); i > 0; i = name.lastIndexOf('/', i - 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100) return { name: rest, prefix };
  }
  throw new Error(`the path ${name} is too long for a tar archive`);
}

function header(path: string, size: number, mtime: number, type: '0' | '5'): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  const { name, prefix } = splitName(path);
  writeString(h, 0, 100, name);
  writeOctal(h, 100, 8, type === '5' ? 0o755 : 0o644);
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  writeOctal(h, 124, 12, size);
  writeOctal(h, 136, 12, mtime);
  h.fill(0x20, 148, 156); // the checksum counts its own field as spaces
  h.write(type, 156, 1, 'ascii');
  writeString(h, 257, 6, 'ustar\0');
  writeString(h, 263, 2, '00');
  writeString(h, 345, 155, prefix);
  let sum = 0;
  for (const byte of h) sum += byte;
  writeString(h, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}

/** Files (relative paths with forward slashes) under one top folder, e.g. `todo-crud/README.md`. */
export function tarFiles(folder: string, files: Record<string, string>, mtime = new Date()): Buffer {
  const seconds = Math.floor(mtime.getTime() / 1000);
  const parts: Buffer[] = [];
  const dirs = new Set<string>([folder]);
  for (const file of Object.keys(files)) {
    const segments = file.split('/');
    for (let i = 1; i < segments.length; i++) dirs.add(`${folder}/${segments.slice(0, i).join('/')}`);
  }
  for (const dir of [...dirs].sort()) parts.push(header(`${dir}/`, 0, seconds, '5'));
  for (const file of Object.keys(files).sort()) {
    const body = Buffer.from(files[file], 'utf8');
    parts.push(header(`${folder}/${file}`, body.length, seconds, '0'), body);
    const pad = (BLOCK - (body.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0));
  return Buffer.concat(parts);
}
