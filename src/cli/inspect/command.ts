import type { Command } from 'commander';
import { EXIT, PerfError } from '../../core/errors.js';
import { bi } from '../../core/i18n.js';
import { InspectAccumulator } from '../../core/inspect.js';
import { KINDS, type Kind } from '../../schema/rows.js';
import { streamDataset } from '../../io/read.js';
import { action, addReadFlags, examples, type ReadFlags } from '../common.js';
import { strictExit } from '../context.js';
import { inspectResult } from './json.js';
import { renderInspect } from './report.js';

interface InspectFlags extends ReadFlags {
  kind?: Kind;
  json?: boolean;
}

export function registerInspect(program: Command): void {
  const cmd = program
    .command('inspect')
    .argument('<file>', 'a CSV or XLSX export (- for stdin)')
    .description('show how perf reads an export: format, encoding, header, column mapping, rows, dates and problems')
    .option('--kind <kind>', `read the file as ${KINDS.join('|')} (default: detected from the header)`)
    .option('--json', 'print JSON');
  addReadFlags(cmd);
  examples(cmd, [
    'sales-perf inspect fixtures/deals.csv',
    'sales-perf inspect fixtures/activity.xlsx --sheet 1',
    'sales-perf inspect export.csv --kind leads --json',
    'cat deals.csv | sales-perf inspect -',
  ]);
  action<InspectFlags>(cmd, async (ctx, [file], flags) => {
    if (flags.kind && !KINDS.includes(flags.kind))
      throw new PerfError(EXIT.usage, bi(`--kind must be one of ${KINDS.join(', ')}`, `--kind 必须是 ${KINDS.join('、')} 之一`));
    let acc: InspectAccumulator | undefined;
    const info = await streamDataset(
      file,
      { ...ctx.readOptions(flags), kind: flags.kind, onHeader: (m) => (acc = new InspectAccumulator(m.kind)) },
      (row) => acc!.add(row as Record<string, unknown>),
    );
    const result = inspectResult(info, acc!);
    ctx.print(flags.json ? JSON.stringify(result, null, 2) : renderInspect(ctx, result));
    return strictExit(ctx, [info]);
  });
}
