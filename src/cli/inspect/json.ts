import { problemsByColumn, type InspectAccumulator } from '../../core/inspect.js';
import type { DatasetInfo } from '../../io/read.js';

/** What perf made of the file, as `--json` prints it and the text report shows it. */
export function inspectResult(info: DatasetInfo, acc: InspectAccumulator) {
  const { mapping } = info;
  return {
    file: info.file,
    format: info.source.format,
    encoding: info.source.encoding ?? null,
    delimiter: info.source.delimiter ?? null,
    sheet: info.source.sheet ?? null,
    sheets: info.source.sheets ?? null,
    headerRow: info.headerRow,
    kind: info.kind,
    mapping: Object.fromEntries(Object.entries(mapping.fields).map(([field, col]) => [field, mapping.headers[col]])),
    unmapped: mapping.unmapped,
    shadowed: mapping.shadowed,
    dateStyles: info.dateStyles,
    rowsRead: info.rowsRead,
    rowsKept: info.rowsKept,
    dateRanges: acc.dateRanges(),
    problemCount: info.problemCount,
    problemsByColumn: problemsByColumn(info.problems),
    problems: info.problems,
    samples: acc.samples,
  };
}

export type InspectResult = ReturnType<typeof inspectResult>;
