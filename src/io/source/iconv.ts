import { createRequire } from 'node:module';
import type iconvLite from 'iconv-lite';

let loaded: typeof iconvLite | undefined;

/**
 * iconv-lite, loaded when a file turns out not to be UTF-8 (or --encoding names one): most exports are
 * UTF-8, and importing it cost every start-up, each reading thread's too, ~10-20 ms. It is CommonJS, so
 * it loads synchronously where it is first needed.
 */
export const iconv = (): typeof iconvLite => (loaded ??= createRequire(import.meta.url)('iconv-lite') as typeof iconvLite);
