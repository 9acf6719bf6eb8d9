// Main-thread CPU time per frame, from a Chromium trace: what a frame costs whatever else runs on the
// machine. The wall-clock work the bench also prints includes time the renderer waited for a core,
// which on a shared 2-core machine is most of it.
import type { Browser, Page } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  tdur?: number;
  args?: { name?: string };
}

/** Runs `during` while tracing the page; returns the main thread's CPU ms per frame, one per frame. */
export async function frameCpu(
  browser: Browser,
  page: Page,
  during: () => Promise<unknown>,
): Promise<number[]> {
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'cc'],
  });
  await during();
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString()) as {
    traceEvents: TraceEvent[];
  };
  const main = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return [];
  const own = traceEvents.filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid);
  const starts = own
    .filter((e) => e.name === 'ProxyMain::BeginMainFrame')
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  const tasks = own.filter((e) => e.name === 'RunTask');
  // A frame: every task from one BeginMainFrame to the next (the event, rAF, style, paint, commit).
  return starts.slice(1).map((end, i) => {
    const start = starts[i]!;
    return tasks.filter((t) => t.ts >= start && t.ts < end).reduce((sum, t) => sum + (t.tdur ?? 0), 0) / 1000;
  });
}
