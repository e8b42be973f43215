/** Display width of text on a terminal or in a spreadsheet cell: CJK and full-width characters take two columns. */

const isWide = (c: number) =>
  (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6);

/** Columns one character takes: two for CJK, one otherwise. */
export const cellWidth = (ch: string): number => (isWide(ch.codePointAt(0)!) ? 2 : 1);

/** Columns a text takes. */
export const textWidth = (text: string): number => {
  let w = 0;
  for (const ch of text) w += cellWidth(ch);
  return w;
};
