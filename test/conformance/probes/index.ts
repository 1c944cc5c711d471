// Every conformance probe, by area.
import type { Probe } from '../probe';
import { apps } from './apps';
import { bodies } from './bodies';
import { caching } from './caching';
import { errors } from './errors';
import { node } from './node';
import { request } from './request';
import { response } from './response';
import { routing } from './routing';

export const probes: Probe[] = [...routing, ...request, ...response, ...bodies, ...errors, ...caching, ...node, ...apps];
