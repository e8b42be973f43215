import { aliasTable, lookupLabel } from './text.js';
import type { Cell } from './types.js';

export type Stage = 'won' | 'lost' | 'open';

const STAGES = aliasTable<Exclude<Stage, 'open'>>({
  won: ['won', 'closed won', 'win', '赢单', '成交', '已成交', '已签约', '签约', '已赢单', '赢得'],
  lost: ['lost', 'closed lost', 'lose', '输单', '丢单', '已丢单', '失败', '关闭-丢单', '已输单'],
});

/**
 * Won, lost or open (every stage not known to be closed: Prospecting, 谈判, …). Never fails; the
 * label keeps what the export said.
 */
export function parseStage(raw: Cell): { stage: Stage; label: string } {
  const { value, label } = lookupLabel<Stage>(STAGES, raw, 'open');
  return { stage: value, label };
}
