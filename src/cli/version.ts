import { existsSync, readFileSync } from 'node:fs';

// The package root is two folders up from src/cli (tests run the sources), three from dist/src/cli.
const file = ['../../package.json', '../../../package.json'].map((p) => new URL(p, import.meta.url)).find((u) => existsSync(u))!;
export const VERSION = (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
