/**
 * Parsed Liquid templates turned into plain closures. LiquidJS renders through nested generators,
 * which costs about as much per tag as the work the tag does; a 500-event digest spends most of its
 * time there. The closures follow LiquidJS's own semantics (scope lookup, property reads, truthiness,
 * operators, `case` matching, `for` with `forloop`) for the subset the briefing templates use.
 * Anything outside it (another tag, a filter not in `filters`, `for` modifiers, `break`) makes
 * `compile` return null and the caller renders with the engine instead.
 */
import {
  AssignTag,
  CaptureTag,
  CaseTag,
  CommentTag,
  defaultOperators,
  ForTag,
  IfTag,
  Output,
  type Template,
  TypeGuards,
  toValueSync,
  UnlessTag,
} from "liquidjs";
import { enumerable, findScope, type Obj, readProperty, type Scope, stringify, toValue, truthy } from "./liquid-values.js";

type Eval = (s: Scope) => unknown;
type Emit = (s: Scope, out: string[]) => void;
type Handler = (this: unknown, value: unknown, ...args: unknown[]) => unknown;

/** A partial: how to evaluate its arguments and its body. Supplied by the tag that includes it. */
export interface PartialNode {
  partialArgs(): Record<string, unknown>;
  partialTemplates(): Template[];
}

class Unsupported extends Error {}

interface Tok {
  kind: number;
  content?: unknown;
  props?: Tok[];
  variable?: Tok;
  operator?: string;
  filters?: unknown;
}

function compileToken(t: Tok): Eval {
  if ("content" in t) {
    const c = t.content;
    return () => c;
  }
  if (TypeGuards.isPropertyAccessToken(t as never)) {
    if (t.variable || !t.props?.length) throw new Unsupported("property access form");
    const props = t.props.map(compileToken);
    const [head, ...rest] = props as [Eval, ...Eval[]];
    return (s) => {
      const name = toValue(head(s));
      let v = readProperty(findScope(s, String(name)), name);
      for (const p of rest) v = readProperty(v, toValue(p(s)));
      return v;
    };
  }
  throw new Unsupported(`token kind ${t.kind}`);
}

const OPS = defaultOperators as unknown as Record<string, (l: unknown, r: unknown, ctx: unknown) => unknown>;
const OP_CTX = { opts: { jsTruthy: false } };

function compileExpression(postfix: Tok[]): Eval {
  if (postfix.length === 1) return compileToken(postfix[0] as Tok);
  const steps = postfix.map((t) => {
    if (TypeGuards.isOperatorToken(t as never)) {
      const op = OPS[t.operator as string];
      if (!op || t.operator === "not") throw new Unsupported(`operator ${t.operator}`);
      return { op };
    }
    return { value: compileToken(t) };
  });
  return (s) => {
    const stack: unknown[] = [];
    for (const step of steps) {
      if (step.value) stack.push(step.value(s));
      else {
        const r = stack.pop();
        const l = stack.pop();
        stack.push(toValueSync((step.op as NonNullable<typeof step.op>)(l, r, OP_CTX)));
      }
    }
    return stack[0];
  };
}

interface ValueNode {
  initial: { postfix: Tok[] };
  filters: { handler: Handler; args: unknown[]; name: string }[];
}

function compileValue(v: ValueNode, filters: ReadonlySet<Handler>): Eval {
  const initial = compileExpression(v.initial.postfix);
  const chain = v.filters.map((f) => {
    if (!filters.has(f.handler)) throw new Unsupported(`filter ${f.name}`);
    const args = f.args.map((a) => {
      if (Array.isArray(a)) throw new Unsupported("keyword filter argument");
      return compileToken(a as Tok);
    });
    return { handler: f.handler, args };
  });
  if (chain.length === 0) return initial;
  return (s) => {
    let val = initial(s);
    for (const f of chain) val = f.handler.call(undefined, val, ...f.args.map((a) => a(s)));
    return val;
  };
}

type Node = Template & Record<string, unknown>;

function compileList(list: Template[], cx: Compiler): Emit {
  const parts = list.map((n) => compileNode(n as Node, cx)).filter((p): p is Emit => p !== null);
  return (s, out) => {
    for (const p of parts) p(s, out);
  };
}

interface Compiler {
  filters: ReadonlySet<Handler>;
  isPartial: (n: Template) => n is Template & PartialNode;
  partials: Map<Template[], Emit>;
}

function compileNode(n: Node, cx: Compiler): Emit | null {
  if (n instanceof Output) {
    const value = compileValue(n.value as unknown as ValueNode, cx.filters);
    return (s, out) => {
      out.push(stringify(value(s)));
    };
  }
  if (TypeGuards.isHTMLToken(n.token as never) && typeof n.str === "string") {
    const str = n.str;
    return str ? (_s, out) => out.push(str) : null;
  }
  if (n instanceof CommentTag) return null;
  if (n instanceof IfTag || n instanceof UnlessTag) {
    const raw = n as unknown as {
      branches: { value: ValueNode; templates: Template[]; test?: unknown }[];
      elseTemplates?: Template[];
    };
    const branches = raw.branches.map((b, i) => ({
      value: compileValue(b.value, cx.filters),
      negate: n instanceof UnlessTag && i === 0,
      body: compileList(b.templates, cx),
    }));
    const otherwise = compileList(raw.elseTemplates ?? [], cx);
    return (s, out) => {
      for (const b of branches) {
        if (truthy(b.value(s)) !== b.negate) return b.body(s, out);
      }
      otherwise(s, out);
    };
  }
  if (n instanceof CaseTag) {
    const raw = n as unknown as {
      value: ValueNode;
      branches: { values: Tok[]; templates: Template[] }[];
      elseTemplates: Template[];
    };
    const target = compileValue(raw.value, cx.filters);
    const branches = raw.branches.map((b) => ({ values: b.values.map(compileToken), body: compileList(b.templates, cx) }));
    const otherwise = compileList(raw.elseTemplates, cx);
    const eq = OPS["=="] as NonNullable<(typeof OPS)[string]>;
    return (s, out) => {
      const t = toValue(target(s));
      let hit = false;
      for (const b of branches) {
        for (const v of b.values) {
          if (toValueSync(eq(t, v(s), OP_CTX))) {
            b.body(s, out);
            hit = true;
            break;
          }
        }
      }
      if (!hit) otherwise(s, out);
    };
  }
  if (n instanceof ForTag) {
    const raw = n as unknown as {
      variable: string;
      collection: Tok;
      hash: { hash: Obj };
      templates: Template[];
      elseTemplates: Template[];
    };
    if (Object.keys(raw.hash.hash).length > 0) throw new Unsupported("for modifiers");
    const collection = compileToken(raw.collection);
    const body = compileList(raw.templates, cx);
    const otherwise = compileList(raw.elseTemplates, cx);
    return (s, out) => {
      const items = enumerable(collection(s));
      if (items.length === 0) return otherwise(s, out);
      let i = 0;
      const length = items.length;
      const forloop = {
        length,
        first: () => i === 0,
        last: () => i === length - 1,
        index: () => i + 1,
        index0: () => i,
        rindex: () => length - i,
        rindex0: () => length - i - 1,
      };
      const scope: Obj = { forloop };
      s.scopes.push(scope);
      for (; i < length; i++) {
        scope[raw.variable] = items[i];
        body(s, out);
      }
      s.scopes.pop();
    };
  }
  if (n instanceof AssignTag) {
    const raw = n as unknown as { key: string; value: ValueNode };
    const value = compileValue(raw.value, cx.filters);
    return (s) => {
      (s.scopes[0] as Obj)[raw.key] = value(s);
    };
  }
  if (n instanceof CaptureTag) {
    const raw = n as unknown as { variable: string; templates: Template[] };
    const body = compileList(raw.templates, cx);
    return (s) => {
      const buf: string[] = [];
      body(s, buf);
      (s.scopes[0] as Obj)[raw.variable] = buf.join("");
    };
  }
  if (cx.isPartial(n)) {
    const args = Object.entries(n.partialArgs()).map(([k, t]) => [k, t ? compileToken(t as Tok) : () => true] as const);
    const templates = n.partialTemplates();
    let body = cx.partials.get(templates);
    if (!body) {
      body = compileList(templates, cx);
      cx.partials.set(templates, body);
    }
    const run = body;
    return (s, out) => {
      const scope: Obj = {};
      for (const [k, a] of args) scope[k] = a(s);
      run({ scopes: [scope], env: {} }, out);
    };
  }
  throw new Unsupported(`tag ${(n as { name?: string }).name ?? n.constructor.name}`);
}


/** A function rendering `templates` against `data`, or null when they use something not covered. */
export function compile(
  templates: Template[],
  filters: ReadonlySet<Handler>,
  isPartial: Compiler["isPartial"],
): ((data: Obj) => string) | null {
  try {
    const body = compileList(templates, { filters, isPartial, partials: new Map() });
    return (data) => {
      const out: string[] = [];
      body({ scopes: [{}], env: data }, out);
      return out.join("");
    };
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}
