import { fixed, markdownTable } from './markdown-table.js';
import type { TimeWindow } from './measure-cell.js';
import type { SourcePositions } from './source-positions.js';

/** The parts of V8's .cpuprofile (Chrome DevTools format) the summary reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number } }>;
  /** Monotonic clock, microseconds. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  selfMs: number;
  /** Share of busy (non-idle) time, in percent. */
  percent: number;
}

export interface ProfileSummary {
  /** Which samples count: those taken while load was measured, or (when none match) all of them. */
  scope: 'measured windows' | 'whole run';
  busyMs: number;
  idleMs: number;
  /** Self time grouped by where the code lives: an npm package, a gateway layer, a Node module, V8. */
  packages: SelfTime[];
  /** The functions with the most self time, with their package and location. */
  functions: Array<SelfTime & { location: string; package: string }>;
}

const TOP_FUNCTIONS = 25;
const TOP_PACKAGES = 20;

export function isCpuProfile(value: unknown): value is CpuProfile {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record['startTime'] === 'number' && Array.isArray(record['nodes']) && Array.isArray(record['samples']) && Array.isArray(record['timeDeltas']);
}

/**
 * Self time per function and per package, over the samples taken inside `windows` (the
 * measured loads, so start-up and warm-up do not count) or over all samples when none fall
 * inside. As in DevTools, a sample lasts until the next one, so sample i is credited with
 * timeDeltas[i + 1]. `root` is stripped from locations: `dist/graphql/...`, `node_modules/...`.
 * `sources` maps generated code (the server bundle) back to the modules it was built from.
 */
export function summarizeProfile(profile: CpuProfile, root: string, windows: ReadonlyArray<TimeWindow>, sources: SourcePositions = () => undefined): ProfileSummary {
  const inWindows = selfMicrosByNode(profile, (at) => windows.some((window) => at >= window.startUs && at < window.endUs));
  const scoped = inWindows.size > 0;
  const microsByNode = scoped ? inWindows : selfMicrosByNode(profile, () => true);
  const byFunction = new Map<string, { name: string; location: string; package: string; micros: number }>();
  let idleMicros = 0;
  for (const node of profile.nodes) {
    const micros = microsByNode.get(node.id) ?? 0;
    if (micros === 0) continue;
    const { functionName } = node.callFrame;
    if (functionName === '(idle)') {
      idleMicros += micros;
      continue;
    }
    const { url, line: lineNumber } = sources(node.callFrame.url, node.callFrame.lineNumber, node.callFrame.columnNumber ?? 0) ?? {
      url: node.callFrame.url,
      line: node.callFrame.lineNumber,
    };
    const location = url === '' ? '' : `${relativeUrl(url, root)}:${lineNumber + 1}`;
    const key = `${functionName}\n${location}`;
    const entry = byFunction.get(key) ?? { name: functionName || '(anonymous)', location, package: packageOf(functionName, url), micros: 0 };
    entry.micros += micros;
    byFunction.set(key, entry);
  }
  const busyMicros = [...byFunction.values()].reduce((sum, entry) => sum + entry.micros, 0);
  const share = (micros: number) => (busyMicros === 0 ? 0 : (micros / busyMicros) * 100);
  const byPackage = new Map<string, number>();
  for (const entry of byFunction.values()) byPackage.set(entry.package, (byPackage.get(entry.package) ?? 0) + entry.micros);
  return {
    scope: scoped ? 'measured windows' : 'whole run',
    busyMs: busyMicros / 1000,
    idleMs: idleMicros / 1000,
    packages: [...byPackage.entries()].sort((a, b) => b[1] - a[1]).map(([name, micros]) => ({ name, selfMs: micros / 1000, percent: share(micros) })),
    functions: [...byFunction.values()]
      .sort((a, b) => b.micros - a.micros)
      .slice(0, TOP_FUNCTIONS)
      .map((entry) => ({ name: entry.name, location: entry.location, package: entry.package, selfMs: entry.micros / 1000, percent: share(entry.micros) })),
  };
}

function selfMicrosByNode(profile: CpuProfile, counts: (atMicros: number) => boolean): Map<number, number> {
  const micros = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((nodeId, index) => {
    at += profile.timeDeltas[index] ?? 0;
    if (counts(at)) micros.set(nodeId, (micros.get(nodeId) ?? 0) + (profile.timeDeltas[index + 1] ?? 0));
  });
  return micros;
}

/** Where a function's code lives, coarse enough to add up: which package, layer or engine part. */
export function packageOf(functionName: string, url: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(V8 built-ins)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const [scope, name] = url.slice(modules + '/node_modules/'.length).split('/');
    return scope?.startsWith('@') ? `${scope}/${name ?? ''}` : (scope ?? url);
  }
  if (url.startsWith('node:')) {
    const parts = url
      .slice('node:'.length)
      .replace(/^internal\//, '')
      .split('/');
    return `node:${parts[0] === 'deps' ? parts.slice(0, 2).join('/') : (parts[0] ?? '')}`;
  }
  const layer = /\/(?:dist|src)\/([^/]+)(\/|$)/.exec(url);
  if (layer?.[1] !== undefined) return `gateway: ${layer[1].replace(/\.(js|ts)$/, '')}`;
  return url;
}

function relativeUrl(url: string, root: string): string {
  const path = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
}

export function profileMarkdown(summary: ProfileSummary, profilePath: string, context: string): string {
  return [
    `# Gateway CPU profile summary`,
    '',
    `${context}`,
    '',
    `Profile: \`${profilePath}\` (open it in Chrome DevTools → Performance, or VS Code). Samples: ${summary.scope}. Busy ${fixed(summary.busyMs, 0)} ms, idle ${fixed(summary.idleMs, 0)} ms; shares are of busy time.`,
    '',
    `## Top ${TOP_PACKAGES} packages by self time`,
    '',
    markdownTable(
      ['package', 'self ms', 'share'],
      summary.packages.slice(0, TOP_PACKAGES).map((entry) => [entry.name, fixed(entry.selfMs, 0), `${fixed(entry.percent, 1)}%`]),
      new Set([1, 2]),
    ),
    '',
    `## Top ${TOP_FUNCTIONS} functions by self time`,
    '',
    markdownTable(
      ['function', 'package', 'location', 'self ms', 'share'],
      summary.functions.map((entry) => [entry.name, entry.package, entry.location, fixed(entry.selfMs, 0), `${fixed(entry.percent, 1)}%`]),
      new Set([3, 4]),
    ),
    '',
  ].join('\n');
}
