import { z } from 'zod';
import { ROW_SCHEMAS, type Kind, type RowOf } from '../../schema/rows.js';
import { kindFields } from './columns.js';
import { RowConverter, type ConvertOptions, type RowShape, type RowValidator } from './convert.js';

/**
 * Bounds that imply the field's zod schema accepts a number, read from the schema's JSON Schema (type,
 * bounds); null when the schema says anything else, which zod then decides for every value.
 */
function bounds(schema: z.ZodType): RowShape['numbers'][number]['bounds'] {
  const { $schema: _, type, minimum, maximum, ...rest } = z.toJSONSchema(schema, { unrepresentable: 'any' }) as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || (type !== 'number' && type !== 'integer')) return null;
  return { lo: typeof minimum === 'number' ? minimum : -Infinity, hi: typeof maximum === 'number' ? maximum : Infinity, whole: type === 'integer' };
}

const shapes = new Map<Kind, RowShape>();

/** A kind's row schema as the converter needs it, read off the zod schema once per kind. */
export function rowShape<K extends Kind>(kind: K): RowShape<K> {
  let s = shapes.get(kind);
  if (!s) {
    const shape = ROW_SCHEMAS[kind].shape as Record<string, z.ZodType>;
    const fields = kindFields(kind);
    s = {
      kind,
      keys: Object.keys(shape),
      fields,
      required: Object.keys(shape).filter((name) => !shape[name].safeParse(undefined).success),
      numbers: fields.filter((f) => f.meta.kind === 'date' || f.meta.kind === 'number' || f.meta.kind === 'money').map((f) => ({ name: f.name, bounds: bounds(shape[f.name]) })),
    };
    shapes.set(kind, s);
  }
  return s as RowShape<K>;
}

/** zod's verdict on a row of this kind, for the rows the converter's fast check does not pass. */
/** zod words a parse's messages in one language: a failed row is parsed again for the Chinese ones. */
const zhMessages = z.locales.zhCN().localeError;

export function rowValidator(kind: Kind): RowValidator {
  const schema = ROW_SCHEMAS[kind];
  return (row) => {
    const r = schema.safeParse(row);
    if (r.success) return r;
    const zh = schema.safeParse(row, { error: zhMessages }).error?.issues ?? [];
    return { success: false, error: { issues: r.error.issues.map((i, k) => ({ path: i.path, message: i.message, zh: zh[k]?.message ?? i.message })) } };
  };
}

/** A converter of one kind's rows on a thread that has zod loaded. */
export const rowConverter = <K extends Kind>(kind: K, opts: ConvertOptions, emit: (row: RowOf<K>) => void): RowConverter<K> =>
  new RowConverter(rowShape(kind), opts, emit, rowValidator(kind));
