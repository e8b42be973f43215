/**
 * `npm run docs`: regenerates every example in README.md and docs/*.md from a real run, so no example
 * can drift from what the tool prints (test/docs/examples.test.ts fails when the committed text differs).
 *
 * - A fenced block whose first line starts with `$ ` is a shell session: each `$ command` line (with `\`
 *   continuations) is run by `sh` in a scratch folder holding the fixtures, `sales-perf` being the built
 *   CLI, and the block is rewritten as the commands followed by what they printed (stdout and stderr
 *   interleaved, as on a terminal). The blocks of one page share one scratch folder, in page order, so a
 *   page can build on its earlier examples (a state file, minutes written by an earlier command).
 *   A run on data the clone does not ship (the public Maven export) is kept as written: fence it
 *   ```console static.
 * - `<!-- generated: aliases -->` … `<!-- end generated -->` holds the column-alias tables, made from the
 *   row schemas' metadata.
 * Runs are pinned: TZ=UTC, LANG=en_US.UTF-8, NO_COLOR, COLUMNS=100, HOME in the scratch folder.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { columnFields } from '../src/schema/field.js';
import { KINDS, ROW_SCHEMAS } from '../src/schema/rows.js';

/** The project root: scripts/ when run from source (tests), dist/scripts/ when compiled (`npm run docs`). */
export const ROOT = ((dir: string): string => (existsSync(join(dir, 'package.json')) ? dir : resolve(dir, '..')))(resolve(import.meta.dirname, '..'));

/** The pages whose examples are generated, relative to the project root. */
export function documentedPages(root = ROOT): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

const FENCE = /^(```+)([^\n]*)\n([\s\S]*?)^\1[ \t]*$/gm;
const GENERATED = /(<!-- generated: (\w+) -->\n)[\s\S]*?(<!-- end generated -->)/g;

/** Runs one command of a session in the scratch folder; returns what it printed, stdout and stderr interleaved. */
export type Runner = (command: string, scratch: string) => string | Promise<string>;

/** The environment every example runs in (the scratch folder is its home and working folder). */
export const sessionEnv = (scratch: string): Record<string, string> => ({
  PATH: `${join(scratch, '.bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
  HOME: scratch,
  TZ: 'UTC',
  LANG: 'en_US.UTF-8',
  NO_COLOR: '1',
  COLUMNS: '100',
});

/** How `npm run docs` runs a command: through `sh`, as a reader would type it. */
export function shell(command: string, scratch: string): string {
  const r = spawnSync('sh', ['-c', `exec 2>&1\n${command}`], { cwd: scratch, encoding: 'utf8', env: sessionEnv(scratch), maxBuffer: 64 << 20 });
  return r.stdout ?? '';
}

/** The page's text with every example re-run and every generated table rebuilt. */
export async function renderPage(text: string, root = ROOT, runner: Runner = shell): Promise<string> {
  const scratch = mkdtempSync(join(tmpdir(), 'perf-docs-'));
  try {
    cpSync(join(root, 'fixtures'), join(scratch, 'fixtures'), { recursive: true });
    mkdirSync(join(scratch, '.bin'));
    writeFileSync(join(scratch, '.bin/sales-perf'), `#!/bin/sh\nexec "${process.execPath}" "${join(root, 'bin/perf.js')}" "$@"\n`, { mode: 0o755 });
    // Blocks run in page order: a page can build on its earlier examples.
    let withExamples = '';
    let at = 0;
    for (const m of text.matchAll(FENCE)) {
      const [block, fence, info, body] = m;
      withExamples += text.slice(at, m.index);
      withExamples += body.startsWith('$ ') && !/\bstatic\b/.test(info) ? `${fence}${info}\n${await runSession(body, scratch, runner)}${fence}` : block;
      at = m.index + block.length;
    }
    withExamples += text.slice(at);
    return withExamples.replace(GENERATED, (_all, open: string, name: string, close: string) => `${open}${generated(name)}\n${close}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The commands of a session block: `$ ` lines with their `\` continuations; output lines are dropped. */
export function sessionCommands(body: string): string[] {
  const commands: string[] = [];
  let open: string[] | null = null;
  for (const line of body.split('\n')) {
    if (open) open.push(line);
    else if (line.startsWith('$ ')) open = [line.slice(2)];
    else continue;
    if (!line.endsWith('\\')) {
      commands.push(open.join('\n'));
      open = null;
    }
  }
  if (open) commands.push(open.join('\n'));
  return commands;
}

async function runSession(body: string, scratch: string, runner: Runner): Promise<string> {
  let out = '';
  for (const command of sessionCommands(body)) {
    const printed = (await runner(command, scratch)).split(scratch).join('.');
    out += `$ ${command}\n${printed}${printed === '' || printed.endsWith('\n') ? '' : '\n'}`;
  }
  return out;
}

function generated(name: string): string {
  if (name === 'aliases') return aliasTables();
  throw new Error(`unknown generated block '${name}'`);
}

/** One table per kind of export: field, whether its column is required, the headers it is found under. */
export function aliasTables(): string {
  return KINDS.map((kind) => {
    const rows = columnFields(ROW_SCHEMAS[kind] as z.ZodObject).map(
      (f) => `| \`${f.name}\` | ${f.meta.requiredColumn ? 'yes' : ''} | ${f.meta.aliases.join(', ')} |`,
    );
    return [`**${kind}**`, '', '| field | required column | headers recognised |', '|---|---|---|', ...rows].join('\n');
  }).join('\n\n');
}

if (import.meta.filename === resolve(process.argv[1] ?? '')) {
  for (const page of documentedPages()) {
    const path = join(ROOT, page);
    const before = readFileSync(path, 'utf8');
    const after = await renderPage(before);
    if (after !== before) {
      writeFileSync(path, after);
      console.log(`updated ${page}`);
    }
  }
}
