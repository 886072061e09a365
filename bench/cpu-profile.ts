import { readFileSync } from 'node:fs';

/**
 * Summarises a V8 `.cpuprofile` (node --cpu-prof) over a time window: self time by where the code
 * lives (our src/ and dialogs/ folders, each node_modules package, Node internals, GC), the
 * hottest functions, and the inclusive time of a few functions we care about (recognize, the
 * dialog step, the database driver).
 */
interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface Inclusive {
  readonly label: string;
  /** Matches a frame; nested matches under a matching frame are not counted twice. */
  readonly matches: (frame: CallFrame) => boolean;
}

export interface ProfileSummary {
  /** Sampled time inside the window, ms (idle included). */
  readonly windowMs: number;
  readonly idleMs: number;
  readonly byPlace: readonly { readonly place: string; readonly ms: number }[];
  readonly byFunction: readonly { readonly name: string; readonly ms: number }[];
  readonly inclusive: readonly { readonly label: string; readonly ms: number }[];
}

export function placeOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') {
    if (functionName === '(garbage collector)') return '(gc)';
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(program)') return '(program: native, not attributed)';
    return '(native)';
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0] ?? ''}`;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') === true ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? url);
  }
  const ours = /\/(src|dialogs|bench|tests)\/(.*)$/.exec(url);
  if (ours !== null) {
    const parts = (ours[2] ?? '').split('/');
    return `${ours[1]}/${parts.length > 1 ? parts[0] : (parts[0] ?? '')}`;
  }
  return url;
}

export interface TimeWindow {
  /** Microseconds on the monotonic clock (process.hrtime in any process of this machine). */
  readonly fromUs: number;
  readonly toUs: number;
}

export function summariseProfile(file: string, windows: readonly TimeWindow[] | undefined, inclusive: readonly Inclusive[]): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const selfUs = new Map<number, number>();
  let t = profile.startTime;
  let windowUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    // The delta before a sample is the time it stands for (V8's convention for self time).
    const delta = profile.timeDeltas[i + 1] ?? 0;
    if (windows !== undefined && !windows.some((w) => t >= w.fromUs && t <= w.toUs)) continue;
    const id = profile.samples[i] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
    windowUs += delta;
  }

  const places = new Map<string, number>();
  const functions = new Map<string, number>();
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    const place = placeOf(frame);
    if (place === '(idle)') idleUs += us;
    places.set(place, (places.get(place) ?? 0) + us);
    const name = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
  }

  const inclusiveMs = inclusive.map((inc) => {
    let us = 0;
    for (const [id, self] of selfUs) {
      // Counted once if any ancestor (or the node itself) matches.
      for (let cursor: number | undefined = id; cursor !== undefined; cursor = parent.get(cursor)) {
        const frame = byId.get(cursor)?.callFrame;
        if (frame !== undefined && inc.matches(frame)) {
          us += self;
          break;
        }
      }
    }
    return { label: inc.label, ms: us / 1000 };
  });

  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return {
    windowMs: windowUs / 1000,
    idleMs: idleUs / 1000,
    byPlace: sorted(places).map(([place, us]) => ({ place, ms: us / 1000 })),
    byFunction: sorted(functions).map(([name, us]) => ({ name, ms: us / 1000 })),
    inclusive: inclusiveMs,
  };
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  const ours = /\/((?:src|dialogs|bench|tests)\/.*)$/.exec(url);
  return ours?.[1] ?? url;
}
