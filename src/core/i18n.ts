/** A user-facing text in both languages perf speaks. Core code returns these; the shell picks one. */
export interface Bi {
  en: string;
  zh: string;
}

export type Lang = 'en' | 'zh';

export const bi = (en: string, zh: string): Bi => ({ en, zh });

export const tr = (lang: Lang, text: Bi): string => text[lang];

/** "label: text", with the full-width colon Chinese text takes ("标签：内容"). */
export const labelled = (lang: Lang, label: string, text: string): string => `${label}${lang === 'zh' ? '：' : ': '}${text}`;

/** The English word that agrees with a count: `one` for 1, `other` for any other ("has"/"have", "its"/"their"). */
export const byCount = (n: number, one: string, other: string): string => (n === 1 ? one : other);

/** "1 month", "3 months": an English count and its noun (`shown`: the count as formatted, e.g. grouped; `plural` when not noun + s). */
export const nounCount = (n: number, noun: string, shown: string = String(n), plural = `${noun}s`): string => `${shown} ${byCount(n, noun, plural)}`;

/** Thousands-separated number in the reader's locale, fixed decimals. */
export function formatNumber(lang: Lang, value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return String(value);
  return numberFormat(lang, decimals).format(value);
}

/** A count grouped by thousands as both languages write it (1,234,567): for messages built in both at once. */
export const grouped = (n: number): string => formatNumber('en', n);

// toLocaleString builds a formatter per call, which showed in profiles of reports with thousands of cells.
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, decimals: number): Intl.NumberFormat {
  const key = `${lang}${decimals}`;
  let f = formats.get(key);
  if (!f)
    formats.set(
      key,
      (f = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', {
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
        // a value that rounds to zero prints without a sign: z 0.00, not -0.00
        signDisplay: 'negative',
      })),
    );
  return f;
}

export function formatPercent(lang: Lang, ratio: number, decimals = 1): string {
  if (!Number.isFinite(ratio)) return '—';
  return `${formatNumber(lang, ratio * 100, decimals)}%`;
}
