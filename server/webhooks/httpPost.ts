// The POST of one attempt, with node:http(s) rather than fetch so the address the socket connects to is the
// address that was checked: the `lookup` hook vets what DNS returns at connect time (no second resolution a
// rebinding name could answer differently). Redirects are not followed; the response body is drained, never read.
import http from 'node:http';
import https from 'node:https';
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { isPrivateAddress, webhookUrlProblem } from './urlPolicy';

export class RefusedTarget extends Error {}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function vettedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options }, (err, address: string | LookupAddress[], family?: number) => {
    if (err) return callback(err, address, family);
    const all = Array.isArray(address) ? address : [{ address, family: family ?? 4 }];
    const bad = all.find((a) => isPrivateAddress(a.address));
    if (bad) return callback(new RefusedTarget(`${hostname} resolves to a private or loopback address (${bad.address}); set WEBHOOK_ALLOW_PRIVATE=1 to allow`), address, family);
    callback(null, address, family);
  });
}

export function postJson(raw: string, headers: Record<string, string>, body: string, options: { allowPrivate: boolean; timeoutMs: number }): Promise<number> {
  const problem = webhookUrlProblem(raw);
  if (problem) return Promise.reject(new RefusedTarget(problem));
  const url = new URL(raw);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivate && isIP(host) && isPrivateAddress(host))
    return Promise.reject(new RefusedTarget(`${host} is a private or loopback address; set WEBHOOK_ALLOW_PRIVATE=1 to allow`));
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<number>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal: AbortSignal.timeout(options.timeoutMs),
        agent: false,
        ...(options.allowPrivate ? {} : { lookup: vettedLookup as never }),
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
