/** One-shot scripted faults per endpoint, consumed in order by the next requests. */
import type { ScriptableEndpoint, ScriptedFault } from './types.js';

export class FaultScripts {
  private readonly queues: Record<ScriptableEndpoint, ScriptedFault[]> = { downloads: [], token: [] };

  add(endpoint: ScriptableEndpoint, steps: ReadonlyArray<ScriptedFault>): void {
    const queue = this.queues[endpoint];
    // Checked at runtime too: scripts often come from untyped test helpers.
    if (queue === undefined) throw new Error(`script endpoint must be 'downloads' or 'token', got ${String(endpoint)}`);
    for (const step of steps) assertValidStep(step);
    queue.push(...steps);
  }

  clear(): void {
    this.queues.downloads.length = 0;
    this.queues.token.length = 0;
  }

  take(endpoint: ScriptableEndpoint): ScriptedFault | undefined {
    return this.queues[endpoint].shift();
  }
}

function assertValidStep(step: ScriptedFault): void {
  switch (step.kind) {
    case 'status':
      if (!Number.isInteger(step.status) || step.status < 200 || step.status > 599) {
        throw new Error(`scripted status must be an integer 200..599, got ${String(step.status)}`);
      }
      return;
    case 'latency':
      if (!Number.isFinite(step.ms) || step.ms < 0) throw new Error(`scripted latency ms must be >= 0, got ${String(step.ms)}`);
      return;
    case 'hang':
    case 'garbage':
    case 'wrong-shape':
      return;
    default:
      throw new Error(`unknown scripted fault kind: ${JSON.stringify(step)}`);
  }
}
