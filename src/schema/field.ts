import { z } from 'zod';

/** How a raw cell becomes a canonical value. */
export type ValueKind = 'text' | 'date' | 'money' | 'number' | 'boolean' | 'stage' | 'activityType';

export interface FieldMeta {
  kind: ValueKind;
  /** Headers this field is found under in real exports; matched after `normaliseKey`. */
  aliases: readonly string[];
  /** The column must exist for the file to be read as this kind. */
  requiredColumn?: boolean;
}

/** Column metadata rides on the zod schema itself, so the row schema stays the single source of truth. */
export const fieldRegistry = z.registry<FieldMeta>();

export function column<T extends z.ZodType>(schema: T, meta: FieldMeta): T {
  fieldRegistry.add(schema as z.ZodType, meta);
  return schema;
}

export interface ColumnField {
  name: string;
  meta: FieldMeta;
  optional: boolean;
}

/** The mappable fields of a row schema, in declaration order. */
export function columnFields(schema: z.ZodObject): ColumnField[] {
  const out: ColumnField[] = [];
  for (const [name, fieldSchema] of Object.entries(schema.shape)) {
    const s = fieldSchema as z.ZodType;
    const inner = s instanceof z.ZodOptional || s instanceof z.ZodNullable ? (s.unwrap() as z.ZodType) : s;
    const meta = fieldRegistry.get(s) ?? fieldRegistry.get(inner);
    if (meta) out.push({ name, meta, optional: s.safeParse(undefined).success });
  }
  return out;
}
