/**
 * How LiquidJS reads values (ownPropertyOnly, no strict variables, no jsTruthy), for the compiled
 * templates of liquid-compile.ts: scope lookup, property reads with `size`/`first`/`last`,
 * truthiness, output stringification and what `for` iterates.
 */
import { Drop } from "liquidjs";

export type Obj = Record<string, unknown>;
/** What LiquidJS keeps in a Context: the scope stack (bottom first) over the render's data. */
export interface Scope {
  scopes: Obj[];
  env: Obj;
}

const own = Object.prototype.hasOwnProperty;
const isNil = (v: unknown) => v === null || v === undefined;
export const toValue = (v: unknown) => (v instanceof Drop && typeof v.valueOf === "function" ? v.valueOf() : v);
export const truthy = (v: unknown) => {
  const x = toValue(v);
  return x !== false && x !== undefined && x !== null;
};

export function stringify(value: unknown): string {
  const v = toValue(value);
  if (typeof v === "string") return v;
  if (isNil(v)) return "";
  if (Array.isArray(v)) return v.map(stringify).join("");
  return String(v);
}

function readJs(obj: object, key: unknown): unknown {
  if (!own.call(obj, key as PropertyKey) && !(obj instanceof Drop)) return undefined;
  return (obj as Obj)[key as string];
}

/** LiquidJS's `Context.readProperty` with `ownPropertyOnly`. */
export function readProperty(input: unknown, rawKey: unknown): unknown {
  let obj = input as { toLiquid?: () => unknown } | null | undefined;
  while (obj && typeof obj.toLiquid === "function") obj = obj.toLiquid() as typeof obj;
  const key = toValue(rawKey);
  if (isNil(obj)) return obj;
  const o = obj as object;
  if (Array.isArray(o) && typeof key === "number") {
    const i = key < 0 ? o.length + key : key;
    return own.call(o, i) ? o[i] : undefined;
  }
  const value = readJs(Object(o), key);
  if (value === undefined && o instanceof Drop) return undefined;
  if (typeof value === "function") return value.call(o);
  if (key === "size") {
    if (own.call(o, "size") || (o as Obj).size !== undefined) return (o as Obj).size;
    if (Array.isArray(o) || typeof o === "string") return (o as unknown as string).length;
    if (typeof o === "object") return Object.keys(o).length;
    return undefined;
  }
  if (key === "first" || key === "last") {
    if (Array.isArray(o)) {
      const i = key === "first" ? 0 : o.length - 1;
      return own.call(o, i) ? o[i] : undefined;
    }
    return readJs(Object(o), key);
  }
  return value;
}

export function findScope(s: Scope, key: string): unknown {
  for (let i = s.scopes.length - 1; i >= 0; i--) {
    const c = s.scopes[i] as Obj;
    if (key in c) return c;
  }
  return key in s.env ? s.env : {};
}

export function enumerable(value: unknown): unknown[] {
  const v = toValue(value);
  if (Array.isArray(v)) return v;
  if (typeof v === "string" && v.length > 0) return [v];
  if (v && typeof (v as Iterable<unknown>)[Symbol.iterator] === "function") return Array.from(v as Iterable<unknown>);
  if (v && typeof v === "object") return Object.keys(v).map((k) => [k, (v as Obj)[k]]);
  return [];
}
