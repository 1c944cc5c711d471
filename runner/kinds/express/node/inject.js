// Free variables of the bundled packages (Buffer, process, timers) bound to the sandbox's own modules, so
// they do not depend on what is on the global object when the bundle is evaluated.
export { Buffer } from 'buffer';
export { default as process } from './process.cjs';
import timers from './timers.cjs';
export const setImmediate = timers.setImmediate;
export const clearImmediate = timers.clearImmediate;
export const setTimeout = timers.setTimeout;
export const clearTimeout = timers.clearTimeout;
export const setInterval = timers.setInterval;
export const clearInterval = timers.clearInterval;
