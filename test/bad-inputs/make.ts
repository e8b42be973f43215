/**
 * Generators for the corpus files that are large or binary: they are built at test time into a temp
 * folder, never committed.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipOptions {
  /** Store the parts uncompressed instead of deflating them. */
  stored?: boolean;
  /** Overrides the uncompressed size the central directory states for a part (to make it lie). */
  claim?: Record<string, number>;
}

/** A zip archive, written by hand so a test controls every byte (sizes, methods, truncation). */
export function zip(files: Record<string, string | Buffer>, opts: ZipOptions = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content);
    // The fastest level: the million-row sheet of the corpus takes a quarter of the time level 9 does.
    const packed = opts.stored ? data : deflateRawSync(data, { level: 1 });
    const method = opts.stored ? 0 : 8;
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(opts.claim?.[name] ?? data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

const escapeXml = (s: string): string => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

const colName = (i: number): string => {
  let s = '';
  for (let c = i + 1; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
};

/** Sheet XML rows from values: strings inline, numbers as numbers; `s` gives a style index per column (1 = a date format). */
export function sheetRows(rows: (string | number | null)[][], styles: Record<number, number> = {}, firstRow = 1): string {
  return rows
    .map((cells, r) => {
      const n = firstRow + r;
      const xml = cells
        .map((v, c) => {
          if (v === null) return '';
          const ref = `${colName(c)}${n}`;
          const s = styles[c] !== undefined ? ` s="${styles[c]}"` : '';
          return typeof v === 'number' ? `<c r="${ref}"${s}><v>${v}</v></c>` : `<c r="${ref}" t="inlineStr"${s}><is><t>${escapeXml(v)}</t></is></c>`;
        })
        .join('');
      return `<row r="${n}">${xml}</row>`;
    })
    .join('');
}

/**
 * A minimal but valid .xlsx: one sheet named Deals holding `sheetData` (row XML), with a styles part where
 * style 1 is a yyyy-mm-dd date and style 2 a fill-only format (for "formatted but empty" rows).
 */
export function xlsx(sheetData: string | Buffer, opts: ZipOptions & { extra?: string } = {}): Buffer {
  return zip(
    {
      '[Content_Types].xml':
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
      '_rels/.rels':
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}><sheets><sheet name="Deals" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels':
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
      'xl/styles.xml': `<?xml version="1.0" encoding="UTF-8"?><styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFFF00"/></patternFill></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/></cellXfs></styleSheet>`,
      'xl/worksheets/sheet1.xml': Buffer.concat([Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData>`), Buffer.from(sheetData), Buffer.from(`</sheetData>${opts.extra ?? ''}</worksheet>`)]),
    },
    opts,
  );
}

/** `n` rows that carry a style and nothing else, as exports padded to the bottom of the sheet have. */
export function emptyFormattedRows(from: number, n: number): Buffer {
  // Encoded ten thousand rows at a time: one string of a million rows (90 MB) costs seconds to build and encode.
  const chunks: Buffer[] = [];
  for (let start = from; start < from + n; start += 10_000) {
    const parts: string[] = [];
    for (let r = start; r < Math.min(start + 10_000, from + n); r++) parts.push(`<row r="${r}" s="2" customFormat="1"><c r="A${r}" s="2"/><c r="B${r}" s="2"/></row>`);
    chunks.push(Buffer.from(parts.join('')));
  }
  return Buffer.concat(chunks);
}

/**
 * An OLE compound file as Excel writes a password-protected .xlsx: a CFB header and a directory whose
 * entries name the EncryptionInfo and EncryptedPackage streams (UTF-16LE).
 */
export function encryptedXlsx(): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  header.writeUInt16LE(0x003e, 24); // minor version
  header.writeUInt16LE(0x0003, 26); // major version 3
  header.writeUInt16LE(0xfffe, 28); // little-endian
  header.writeUInt16LE(9, 30); // 512-byte sectors
  header.writeUInt16LE(6, 32);
  const entry = (name: string, type: number): Buffer => {
    const e = Buffer.alloc(128);
    const n = Buffer.from(`${name}\0`, 'utf16le');
    n.copy(e);
    e.writeUInt16LE(n.length, 64);
    e[66] = type;
    return e;
  };
  const directory = Buffer.concat([entry('Root Entry', 5), entry('EncryptionInfo', 2), entry('EncryptedPackage', 2), entry('\u0006DataSpaces', 1)]);
  return Buffer.concat([header, directory, Buffer.alloc(4096, 0x5a)]);
}

/** A deals CSV with `rows` well-formed won deals, for inputs that must be big. */
export function dealsCsv(rows: number, extraColumns = 0): string {
  const extra = Array.from({ length: extraColumns }, (_, i) => `,Extra ${i + 1}`).join('');
  const lines = [`Opportunity ID,Owner,Stage,Amount,Close Date${extra}`];
  for (let i = 0; i < rows; i++) lines.push(`D${i + 1},Rep ${i % 7},Won,${1000 + (i % 50)},2026-${String((i % 11) + 1).padStart(2, '0')}-15${extraColumns ? ','.repeat(extraColumns) : ''}`);
  return `${lines.join('\n')}\n`;
}
