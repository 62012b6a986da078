// Reads a V8 heap snapshot (the JSON `v8.writeHeapSnapshot` writes) and attributes the heap: self size per
// constructor, and the objects that retain the most (retained size = what a GC would free without them, from the
// dominator tree, computed with the Cooper–Harvey–Kennedy iteration over weak-edge-free references).
import { readFileSync } from 'node:fs';

/** One line of the breakdown. */
export interface HeapEntry {
  name: string;
  count: number;
  bytes: number;
}

/** The attribution of one snapshot. */
export interface HeapSummary {
  totalBytes: number;
  nodeCount: number;
  /** Self size summed by constructor (or node type for strings, code, arrays…), largest first. */
  byConstructor: HeapEntry[];
  /** The nodes with the largest retained size (excluding the roots), largest first. */
  topRetainers: HeapEntry[];
  /** The largest strings, named by their first characters (module sources, inlined assets, catalogs…). */
  topStrings: HeapEntry[];
}

interface Snapshot {
  snapshot: {
    meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** Summarizes the snapshot at `path`; `top` entries per list. */
export function summarizeHeapSnapshot(path: string, top = 15): HeapSummary {
  const data = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  const meta = data.snapshot.meta;
  const nodeFields = meta.node_fields.length;
  const edgeFields = meta.edge_fields.length;
  const typeOffset = meta.node_fields.indexOf('type');
  const nameOffset = meta.node_fields.indexOf('name');
  const sizeOffset = meta.node_fields.indexOf('self_size');
  const edgeCountOffset = meta.node_fields.indexOf('edge_count');
  const edgeTypeOffset = meta.edge_fields.indexOf('type');
  const edgeToOffset = meta.edge_fields.indexOf('to_node');
  const nodeTypes = meta.node_types[0];
  const weakEdge = meta.edge_types[0].indexOf('weak');
  const count = data.nodes.length / nodeFields;

  const label = (node: number): string => {
    const type = nodeTypes[data.nodes[node * nodeFields + typeOffset]!]!;
    const name = data.strings[data.nodes[node * nodeFields + nameOffset]!] ?? '';
    if (type === 'object' || type === 'closure') return name === '' ? `(${type})` : name;
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string') return '(string)';
    return `(${type}) ${type === 'native' || type === 'synthetic' || type === 'hidden' ? name : ''}`.trim();
  };

  // Forward edges (strong only) as CSR, and self sizes.
  const firstEdge = new Uint32Array(count + 1);
  const selfSize = new Float64Array(count);
  let totalBytes = 0;
  for (let node = 0, edge = 0; node < count; node++) {
    firstEdge[node] = edge;
    edge += data.nodes[node * nodeFields + edgeCountOffset]! * edgeFields;
    selfSize[node] = data.nodes[node * nodeFields + sizeOffset]!;
    totalBytes += selfSize[node]!;
  }
  firstEdge[count] = data.edges.length;
  const successors = (node: number, visit: (to: number) => void) => {
    for (let e = firstEdge[node]!; e < firstEdge[node + 1]!; e += edgeFields) {
      if (data.edges[e + edgeTypeOffset] === weakEdge) continue;
      visit(data.edges[e + edgeToOffset]! / nodeFields);
    }
  };

  // Reverse postorder from the root (node 0), iteratively.
  const order = new Int32Array(count).fill(-1);
  const postorder: number[] = [];
  const visited = new Uint8Array(count);
  const stack: number[] = [0];
  const cursor = new Uint32Array(count);
  visited[0] = 1;
  for (let node = 0; node < count; node++) cursor[node] = firstEdge[node]!;
  while (stack.length > 0) {
    const node = stack[stack.length - 1]!;
    let pushed = false;
    while (cursor[node]! < firstEdge[node + 1]!) {
      const e = cursor[node]!;
      cursor[node] = e + edgeFields;
      if (data.edges[e + edgeTypeOffset] === weakEdge) continue;
      const to = data.edges[e + edgeToOffset]! / nodeFields;
      if (visited[to] === 0) {
        visited[to] = 1;
        stack.push(to);
        pushed = true;
        break;
      }
    }
    if (!pushed) {
      stack.pop();
      order[node] = postorder.length;
      postorder.push(node);
    }
  }
  // Predecessors of reachable nodes.
  const predecessors: number[][] = Array.from({ length: count }, () => []);
  for (const node of postorder) successors(node, (to) => predecessors[to]!.push(node));

  const idom = new Int32Array(count).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number): number => {
    let x = a;
    let y = b;
    while (x !== y) {
      while (order[x]! < order[y]!) x = idom[x]!;
      while (order[y]! < order[x]!) y = idom[y]!;
    }
    return x;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = postorder.length - 2; i >= 0; i--) {
      const node = postorder[i]!;
      let dom = -1;
      for (const pred of predecessors[node]!) {
        if (idom[pred] === -1) continue;
        dom = dom === -1 ? pred : intersect(pred, dom);
      }
      if (dom !== -1 && idom[node] !== dom) {
        idom[node] = dom;
        changed = true;
      }
    }
  }
  // Retained size: children before their dominator (postorder works: a dominator is visited after its subtree).
  const retained = Float64Array.from(selfSize);
  for (const node of postorder) if (node !== 0 && idom[node]! >= 0) retained[idom[node]!]! += retained[node]!;

  const byName = new Map<string, HeapEntry>();
  for (let node = 0; node < count; node++) {
    const name = label(node);
    const entry = byName.get(name) ?? { name, count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += selfSize[node]!;
    byName.set(name, entry);
  }
  // Roots and synthetic holders retain everything; the interesting retainers are real objects.
  const candidates: HeapEntry[] = [];
  for (const node of postorder) {
    const type = nodeTypes[data.nodes[node * nodeFields + typeOffset]!];
    if (type === 'synthetic' || node === 0) continue;
    candidates.push({ name: `${label(node)} @${node}`, count: 1, bytes: retained[node]! });
  }
  const strings: HeapEntry[] = [];
  for (let node = 0; node < count; node++) {
    if (label(node) !== '(string)') continue;
    const text = data.strings[data.nodes[node * nodeFields + nameOffset]!] ?? '';
    strings.push({ name: JSON.stringify(text.slice(0, 70)), count: 1, bytes: selfSize[node]! });
  }
  return {
    totalBytes,
    nodeCount: count,
    byConstructor: [...byName.values()].sort((a, b) => b.bytes - a.bytes).slice(0, top),
    topRetainers: candidates.sort((a, b) => b.bytes - a.bytes).slice(0, top),
    topStrings: strings.sort((a, b) => b.bytes - a.bytes).slice(0, top),
  };
}

/** Prints a snapshot's breakdown under `title` (what both memory benches show). */
export function printHeapSnapshotSummary(title: string, path: string): void {
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  const summary = summarizeHeapSnapshot(path);
  console.log(
    `\n-- heap snapshot ${title}: ${mib(summary.totalBytes)} in ${summary.nodeCount} nodes (${path})`,
  );
  console.log('   self size by constructor:');
  for (const entry of summary.byConstructor) {
    console.log(`   ${mib(entry.bytes).padStart(10)}  ${String(entry.count).padStart(8)}×  ${entry.name}`);
  }
  console.log('   largest retained sizes (nested entries overlap):');
  for (const entry of summary.topRetainers) console.log(`   ${mib(entry.bytes).padStart(10)}  ${entry.name}`);
  console.log('   largest strings:');
  for (const entry of summary.topStrings) {
    console.log(`   ${`${(entry.bytes / 1024).toFixed(0)} KiB`.padStart(10)}  ${entry.name}`);
  }
}
