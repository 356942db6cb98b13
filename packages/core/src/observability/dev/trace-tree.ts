import type { CollectedSpan } from './collected-span.js';

/** One span and the spans below it. */
export interface TraceTreeNode {
  readonly span: CollectedSpan;
  readonly children: readonly TraceTreeNode[];
}

/**
 * Arranges spans as trees: a span whose parent is among `spans` goes under it; the others
 * are roots (their parent, if any, is in another invocation or process). Children and
 * roots are in start order.
 */
export function traceTree(spans: readonly CollectedSpan[]): TraceTreeNode[] {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const children = new Map<string, CollectedSpan[]>();
  const roots: CollectedSpan[] = [];
  for (const span of spans) {
    if (span.parentSpanId !== undefined && byId.has(span.parentSpanId) && span.parentSpanId !== span.spanId) {
      const list = children.get(span.parentSpanId) ?? [];
      list.push(span);
      children.set(span.parentSpanId, list);
    } else {
      roots.push(span);
    }
  }
  const build = (span: CollectedSpan, seen: Set<string>): TraceTreeNode => {
    seen.add(span.spanId);
    const below = (children.get(span.spanId) ?? []).filter((child) => !seen.has(child.spanId));
    return { span, children: below.sort(byStart).map((child) => build(child, seen)) };
  };
  return roots.sort(byStart).map((root) => build(root, new Set()));
}

/** Options of {@link formatTraceTree}. */
export interface TraceTreeFormat {
  /** Names a root's remote parent (for example the span that wrote the object an event is about). */
  parentName?: (spanId: string) => string | undefined;
}

/**
 * Prints spans as an indented tree, one line per span: name, duration, what the span is
 * about (a storage key, cold start), and `✗` with the error for failed spans.
 *
 * @example
 * POST /upload  14.2 ms  http cold  trace 4bf92f3577b34da6a3ce929d0e0e4736
 * ├─ storage put  3.1 ms  mem://uploads uploads/cat.jpg
 * └─ storage head  0.4 ms  mem://uploads uploads/dog.jpg  ✗ NotFound
 */
export function formatTraceTree(spans: readonly CollectedSpan[], format: TraceTreeFormat = {}): string[] {
  const lines: string[] = [];
  const walk = (node: TraceTreeNode, prefix: string, branch: string): void => {
    lines.push(`${prefix}${branch}${describe(node.span)}`);
    const childPrefix = prefix + (branch === '' ? '' : branch === '└─ ' ? '   ' : '│  ');
    node.children.forEach((child, index) => walk(child, childPrefix, index === node.children.length - 1 ? '└─ ' : '├─ '));
  };
  for (const root of traceTree(spans)) {
    const line = lines.length;
    walk(root, '', '');
    const parent = root.span.parentSpanId;
    lines[line] += `  trace ${root.span.traceId}`;
    if (parent !== undefined) {
      const name = format.parentName?.(parent);
      lines[line] += name ? `  ← ${name}` : `  ← parent ${parent}`;
    }
  }
  return lines;
}

function describe(span: CollectedSpan): string {
  const a = span.attributes;
  const parts = [span.name, `${span.durationMs.toFixed(1)} ms`];
  if (typeof a['faas.trigger'] === 'string') parts.push(`${a['faas.trigger']}${a['faas.coldstart'] === true ? ' cold' : ''}`);
  if (typeof a['http.response.status_code'] === 'number') parts.push(String(a['http.response.status_code']));
  if (typeof a['faasade.storage.bucket'] === 'string') {
    parts.push(`${a['faasade.storage.bucket']}${typeof a['faasade.storage.key'] === 'string' ? ` ${a['faasade.storage.key']}` : ''}`);
  }
  if (span.status === 'error') parts.push(`✗ ${String(a['error.type'] ?? span.statusMessage ?? 'error')}`);
  return parts.join('  ');
}

function byStart(a: CollectedSpan, b: CollectedSpan): number {
  return a.startTime - b.startTime;
}
