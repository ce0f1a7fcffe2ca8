/*
 * How Meridian's process is started: `pnpm start` (package.json, which a test keeps in step with
 * this), the tests and the benchmarks all run the same command.
 *
 * --initial-old-space-size=256: V8 sizes the old generation's limit from the live heap, which is
 * small here (≈20 MB: the collector keeps its bytes in reused off-heap buffers), and so started
 * a full collection every ≈0.5 s under load; a 256 MB starting limit leaves room for the
 * garbage of a few seconds of traffic, and full collections all but stop. Measured with
 * `pnpm bench:ingest`: the collector's CPU per span went from ≈10.5 to ≈6.5-7 µs
 * (docs/benchmarks.md). The old generation may grow to that limit before its first full
 * collection, so it costs up to ≈256 MB of memory at most, against a peak RSS of ≈1 GB that is
 * mostly the embedded engine.
 */
export const MERIDIAN_NODE_FLAGS = ['--initial-old-space-size=256']

/** `node` arguments that run Meridian (from the repository's root). */
export function meridianNodeArgs(extraFlags: string[] = []): string[] {
  return [...MERIDIAN_NODE_FLAGS, ...extraFlags, '--import', 'tsx', 'scripts/start.ts']
}
