/**
 * Field checks for requests crossing into the background. Each field parses an unknown value
 * into its type or refuses it; a descriptor's fields give both the validator and the params type.
 */
export interface Field<T> {
  parse(value: unknown): { ok: true; value: T } | { ok: false };
  /** Set on fields a request may leave out. */
  readonly optional?: true;
}

export type FieldValue<F> = F extends Field<infer T> ? T : never;

const ok = <T>(value: T) => ({ ok: true as const, value });
const refused = { ok: false as const };

function check<T>(test: (value: unknown) => boolean): Field<T> {
  return { parse: (value) => (test(value) ? ok(value as T) : refused) };
}

/** Long enough for a post, a rally or a draft; bounds what crosses the boundary. */
export const MAX_TEXT = 10_000;
/** A document of up to 10 MB travels as base64. */
const MAX_BASE64 = 14_000_000;

export const field = {
  text: (max = MAX_TEXT) => check<string>((v) => typeof v === 'string' && v.length <= max),
  /** Page text of any length, cut to `max` characters (a bio: only its start can hold a proof). */
  clipped: (max: number): Field<string> => ({ parse: (v) => (typeof v === 'string' ? ok(v.slice(0, max)) : refused) }),
  /** Passwords, amounts, ids: short strings never echoed in an error. */
  secret: () => check<string>((v) => typeof v === 'string' && v.length <= 1_000),
  /** A non-negative safe integer (ids, days, minutes). */
  count: () => check<number>((v) => Number.isSafeInteger(v) && (v as number) >= 0),
  boolean: () => check<boolean>((v) => typeof v === 'boolean'),
  texts: (maxItems = 24, maxLength = 100) =>
    check<string[]>((v) => Array.isArray(v) && v.length <= maxItems && v.every((s) => typeof s === 'string' && s.length <= maxLength)),
  base64: () => check<string>((v) => typeof v === 'string' && v.length <= MAX_BASE64 && /^[A-Za-z0-9+/]*={0,2}$/.test(v)),
  oneOf: <const V extends readonly string[]>(...values: V) => check<V[number]>((v) => values.includes(v as string)),
  /** An object with unchecked values (e.g. settings a form sends, validated by their handler). */
  record: () => check<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v)),
  object<F extends Record<string, Field<unknown>>>(fields: F): Field<ParamsFrom<F>> {
    return { parse: (value) => parseFields(fields, value) };
  },
  optional<T>(inner: Field<T>): Field<T | undefined> & { optional: true } {
    return { optional: true, parse: (value) => (value === undefined ? ok(undefined) : inner.parse(value)) };
  },
};

type OptionalKeys<F> = { [K in keyof F]: F[K] extends { optional: true } ? K : never }[keyof F];
/** The object type a table of fields describes; optional fields are optional keys. */
export type ParamsFrom<F> = { [K in Exclude<keyof F, OptionalKeys<F>>]: FieldValue<F[K]> } & {
  [K in OptionalKeys<F>]?: FieldValue<F[K]>;
};

/** Parses every field of `fields` out of `value`; unknown keys are dropped. */
export function parseFields<F extends Record<string, Field<unknown>>>(
  fields: F,
  value: unknown,
): { ok: true; value: ParamsFrom<F> } | { ok: false; field?: string } {
  if (typeof value !== 'object' || value === null) return { ok: false };
  const input = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(fields)) {
    const parsed = spec.parse(input[name]);
    if (!parsed.ok) return { ok: false, field: name };
    if (parsed.value !== undefined) out[name] = parsed.value;
  }
  return { ok: true, value: out as ParamsFrom<F> };
}
