import { queryDownloads } from '../../src/sandbox/index.js';
import type { SandboxDownloadsFilter, SandboxDataset, SandboxDownload } from '../../src/sandbox/index.js';

export function utcDay(date: Date, offsetDays = 0): string {
  return new Date(date.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** What Getty (the sandbox) holds for a filter; without dates, its default window: the last 30 days. */
export function expectedDownloads(
  dataset: SandboxDataset,
  filter: Partial<SandboxDownloadsFilter> & { username: string },
  today = new Date(),
): ReadonlyArray<SandboxDownload> {
  const dated = filter.from !== undefined || filter.to !== undefined;
  return queryDownloads(dataset, {
    company: false,
    ...filter,
    ...(dated ? {} : { from: utcDay(today, -30), to: utcDay(today) }),
  });
}
