import type { TopLevelSpec } from 'vega-lite';
import type { Bi } from '../i18n.js';
import type { Measure } from '../plan/types.js';

export type { TopLevelSpec };

export type ChartKind = 'forecast' | 'pacing' | 'score' | 'kbi' | 'waterfall' | 'accuracy';

/**
 * One chart: a Vega-Lite spec and, for tests and for the page's own check, how many data marks each
 * named layer draws (the SVG renderer names a layer's group `<name>_marks`).
 */
export interface Chart {
  /** Stable file-name-safe id, e.g. `forecast-company`, `score-rep-zhang-wei`. */
  id: string;
  kind: ChartKind;
  title: string;
  spec: TopLevelSpec;
  marks: Record<string, number>;
}

/** The current quarter's pacing for one level: the pacing alert's own numbers (target made at the quarter's start). */
export interface Pace {
  quarter: string;
  target: number;
  wonToDate: number;
  rest: number;
  projected: number;
  attainment: number;
  /** what the numbers are in; default 'amount' (won deals when the deals carry no amounts) */
  measure?: Measure;
}

export type LevelKind = 'company' | 'team' | 'rep';

/** A level of the board: company, a team, a rep, with its charts and active alerts. */
export interface BoardLevel {
  /** 'company', 'team:East', 'rep:Zhang Wei' (the plan's series ids) */
  id: string;
  level: LevelKind;
  name: string;
  /** team of a rep */
  team: string | null;
  label: Bi;
  charts: Chart[];
  alerts: BoardAlert[];
}

export interface BoardAlert {
  severity: 'warning' | 'critical';
  title: Bi;
  details: Bi[];
  action: Bi;
}
