/**
 * The digits of a written decimal number, with its thousands grouping and decimal mark resolved.
 * Shared by the number and money parsers; input is already width-folded and stripped of sign,
 * currency and units.
 */
export interface DecimalDigits {
  int: string;
  frac: string;
}

/** 'ambiguous': separators that could mean either thousands or decimals (`1,5`, `1.234.567`). */
export type DecimalScan = DecimalDigits | 'invalid' | 'ambiguous';

/** Which mark is the decimal one: `1,234.56` (point) or `1.234,56` (comma, European Excel). */
export type NumberStyle = 'point' | 'comma';

/**
 * Accepts `1234.5`, `1,234,567.89`, `1.234.567,89` (both marks present: the last one is the decimal),
 * `1 234 567,89`. A lone comma is always thousands, so it must group by three; a lone repeated dot is
 * refused rather than guessed.
 */
export function scanDecimal(s: string, style: NumberStyle = 'point'): DecimalScan {
  // A decided comma style is the point style with the two marks swapped.
  if (style === 'comma') s = swapMarks(s);
  let commas = 0;
  let dots = 0;
  let spaces = 0;
  let digits = 0;
  let lastComma = -1;
  let lastDot = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 44) {
      commas++;
      lastComma = i;
    } else if (c === 46) {
      dots++;
      lastDot = i;
    } else if (c === 32) spaces++;
    else return 'invalid';
  }
  if (digits === 0) return 'invalid';
  const kinds = (commas > 0 ? 1 : 0) + (dots > 0 ? 1 : 0) + (spaces > 0 ? 1 : 0);
  if (kinds === 0) return { int: s, frac: '' };
  if (kinds === 3) return 'invalid';

  let group = '';
  let dec = '';
  if (kinds === 2) {
    if (spaces > 0) {
      group = ' ';
      dec = commas > 0 ? ',' : '.';
    } else {
      dec = lastComma > lastDot ? ',' : '.';
      group = dec === ',' ? '.' : ',';
    }
    if ((dec === ',' ? commas : dots) !== 1) return 'invalid';
  } else if (spaces > 0) group = ' ';
  else if (dots > 0) {
    if (dots !== 1) return 'ambiguous';
    dec = '.';
  } else group = ',';

  let intPart = s;
  let frac = '';
  if (dec) {
    const at = s.indexOf(dec);
    intPart = s.slice(0, at);
    frac = s.slice(at + 1);
    if (frac === '' || !allDigits(frac)) return 'invalid';
  }
  if (!group) return intPart === '' && frac === '' ? 'invalid' : { int: intPart === '' ? '0' : intPart, frac };

  if (!groupedByThree(intPart, group.charCodeAt(0))) return group === ',' && kinds === 1 ? 'ambiguous' : 'invalid';
  return { int: intPart.replaceAll(group, ''), frac };
}

/** `1,234,567`: a first group of 1–3 digits, then groups of exactly 3. */
function groupedByThree(s: string, sep: number): boolean {
  let run = 0;
  let groups = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) run++;
    else if (c === sep && (groups === 0 ? run >= 1 && run <= 3 : run === 3)) {
      groups++;
      run = 0;
    } else return false;
  }
  return run === 3;
}

function allDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The value as the nearest double of the written decimal (no float arithmetic on the digits). */
export const decimalValue = (d: DecimalDigits): number => Number(d.frac ? `${d.int}.${d.frac}` : d.int);

/**
 * The value × 10^shift rounded half-up to cents, done on the digit string so `1,234.56` is exactly
 * 1234.56 and `1.2345万` exactly 12345.
 */
export function decimalCents(d: DecimalDigits, shift: number): number {
  let int = d.int;
  let frac = d.frac;
  if (shift > 0) {
    const padded = frac.padEnd(shift, '0');
    int += padded.slice(0, shift);
    frac = padded.slice(shift);
  }
  let cents = Number(int + frac.slice(0, 2).padEnd(2, '0'));
  if (frac.length > 2 && frac.charCodeAt(2) >= 53) cents += 1;
  return cents / 100;
}

const swapMarks = (s: string): string => s.replace(/[.,]/g, (m) => (m === '.' ? ',' : '.'));

/**
 * What one written number says about its column's style: `1.234,56`, `50,00`, `1.234.567` say comma;
 * `1,234.56`, `0.5`, `1,234,567` say point; `1.234` and `1,234` could be either (`dot3`, `comma3`).
 */
export type StyleEvidence = NumberStyle | 'dot3' | 'comma3' | null;

export function styleEvidence(s: string): StyleEvidence {
  let commas = 0;
  let dots = 0;
  let lastComma = -1;
  let lastDot = -1;
  let end = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 44) {
      commas++;
      lastComma = i;
    } else if (c === 46) {
      dots++;
      lastDot = i;
    } else if (c >= 48 && c <= 57) end = i;
    else if (end >= 0 && c !== 32 && c !== 39) break; // a unit or currency after the digits
  }
  if (end < 0) return null;
  if (commas > 0 && dots > 0) return lastComma > lastDot ? 'comma' : 'point';
  if (commas === 0 && dots === 0) return null;
  const last = commas > 0 ? lastComma : lastDot;
  let after = 0;
  for (let i = last + 1; i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57; i++) after++;
  if (after === 0 || last === 0) return null;
  if (commas > 1) return 'point';
  if (dots > 1) return 'comma';
  if (after !== 3) return commas > 0 ? 'comma' : 'point';
  return commas > 0 ? 'comma3' : 'dot3';
}

export interface StyleDecision {
  style: NumberStyle;
  /** 'conflict': the column writes both styles; 'dot3': only `1.234`-like values, which either style reads differently */
  undecided?: 'conflict' | 'dot3';
  /** example values behind an undecided verdict */
  examples: string[];
}

/**
 * Decides a column's number style from the values written in it. `1,234` alone is read as thousands (the
 * commonest export); `1.234` alone is refused, since the two readings differ 1000-fold.
 */
export function decideNumberStyle(texts: Iterable<string>): StyleDecision {
  const seen: Record<'point' | 'comma' | 'dot3', string[]> = { point: [], comma: [], dot3: [] };
  for (const t of texts) {
    const e = styleEvidence(t);
    if (e === 'point' || e === 'comma' || e === 'dot3') seen[e].push(t);
  }
  if (seen.point.length > 0 && seen.comma.length > 0)
    return { style: 'point', undecided: 'conflict', examples: [seen.point[0], seen.comma[0]] };
  if (seen.comma.length > 0) return { style: 'comma', examples: [] };
  if (seen.point.length > 0) return { style: 'point', examples: [] };
  if (seen.dot3.length > 0) return { style: 'point', undecided: 'dot3', examples: seen.dot3.slice(0, 3) };
  return { style: 'point', examples: [] };
}
