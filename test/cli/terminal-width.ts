/** Terminal columns a string takes: CJK and full-width characters count as two, ANSI colour codes as none. */
export function displayWidth(s: string): number {
  let n = 0;
  for (const ch of s.replace(/\x1b\[[0-9;]*m/g, '')) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6);
    n += wide ? 2 : 1;
  }
  return n;
}

/** The lines of a report wider than `limit` columns (a report must fit a 100-column terminal). */
export const linesWiderThan = (text: string, limit = 100) => text.split('\n').filter((l) => displayWidth(l) > limit);

/** Header cells of the report's boxed tables cut to two characters or fewer before the ellipsis ("R…", "Po…"). */
export const stubHeaders = (text: string): string[] => {
  const lines = text.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  return lines.flatMap((l, i) =>
    i > 0 && lines[i - 1].startsWith('┌') ? l.split('│').map((c) => c.trim()).filter((c) => /^.{1,2}…$/u.test(c)) : [],
  );
};
