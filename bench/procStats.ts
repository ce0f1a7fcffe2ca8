/*
 * CPU and memory of a process as the OS counts them (Linux /proc), per process and per thread.
 *
 * /proc/<pid>/stat holds utime + stime of the whole process, threads that already exited
 * included; /proc/<pid>/task/<tid>/stat the same for each living thread, and
 * /proc/<pid>/task/<tid>/comm its name (15 characters at most).
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

export interface ThreadSample {
  tid: number
  name: string
  /** utime + stime, in clock ticks. */
  ticks: number
  /** stime alone: time in the kernel on the thread's behalf. */
  systemTicks: number
  /** When the thread started, in clock ticks since boot. */
  startTicks: number
}

export interface ProcessSample {
  ticks: number
  systemTicks: number
  threads: Map<number, ThreadSample>
}

let ticksPerSecond: number | undefined

/** USER_HZ, the unit of /proc's CPU times (100 almost everywhere). */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    } catch {
      ticksPerSecond = 100
    }
  }
  return ticksPerSecond
}

/** utime + stime and starttime of a stat line; the name (in parentheses) may hold spaces and parentheses. */
function parseStat(line: string): { ticks: number; systemTicks: number; startTicks: number } {
  const fields = line.slice(line.lastIndexOf(')') + 2).split(' ')
  // fields[0] is stat's field 3 (state): utime is field 14, stime 15, starttime 22.
  return { ticks: Number(fields[11]) + Number(fields[12]), systemTicks: Number(fields[12]), startTicks: Number(fields[19]) }
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined // a thread that exited meanwhile
  }
}

export function sampleProcess(pid: number): ProcessSample {
  const threads = new Map<number, ThreadSample>()
  for (const entry of readdirSync(`/proc/${pid}/task`)) {
    const stat = readOrUndefined(`/proc/${pid}/task/${entry}/stat`)
    const comm = readOrUndefined(`/proc/${pid}/task/${entry}/comm`)
    if (stat === undefined || comm === undefined) continue
    const tid = Number(entry)
    threads.set(tid, { tid, name: comm.trim(), ...parseStat(stat) })
  }
  // The process total last, so it is never below the sum of the threads read before it.
  const { ticks, systemTicks } = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  return { ticks, systemTicks, threads }
}

/** A /proc/<pid>/status field in kB (VmHWM: peak resident set; VmRSS: resident now). */
export function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match ? Number(match[1]) : Number.NaN
}

// ---- whose thread is it: Node's or the embedded engine's ----

/*
 * What the names say, and do not (found on Node 20 with chDB 3.4, checked with gdb and perf):
 * - Node names none of its threads: the main thread, the platform's delayed-task scheduler and
 *   its 4 workers (V8: GC, compilation), the inspector's signal thread, the 4 libuv threadpool
 *   workers and tsx's module-loader worker are all "node" (the process name).
 * - ClickHouse names its pool threads (ThreadPool, QueryPipelineEx, ChunkParser, MergeMutate,
 *   BgSchPool, MemoryWorker…, renamed as they take jobs), but chDB starts a few it never names,
 *   and those inherit "node".
 * - chDB runs its queries as Node-API async work, that is on the libuv threadpool: those "node"
 *   threads spend their time in libchdb.so (the insert's parsing and writing).
 *
 * So a thread's role comes from when it started and, for the libuv threadpool, from what it
 * waits on when idle:
 * - main: the thread whose id is the process id (the collector's JavaScript);
 * - engine: any thread ClickHouse named, and any started with the engine (from 50 ms before its
 *   first named thread on: Node creates its own threads at start, long before the collector
 *   loads chDB);
 * - libuv: Node's threads idle on one shared condition variable (libuv's work queue), the later
 *   created of the two such groups (the other is V8's platform workers, created first, before any
 *   JavaScript runs, while libuv starts its pool on the first queued work);
 * - node: Node's other threads (V8's platform workers, the scheduler, the inspector, tsx's loader).
 */

export type ThreadRole = 'main' | 'node' | 'libuv' | 'engine'

export const ROLE_LABELS: Record<ThreadRole, string> = {
  main: 'Node main thread (the collector: HTTP, decoding, rows, JSON, event loop)',
  node: 'Node helper threads (V8 platform workers: GC and compilation; scheduler, inspector, tsx loader)',
  libuv: 'libuv threadpool (runs chDB queries as Node-API async work: engine work)',
  engine: 'ClickHouse (chDB) threads, named or inheriting "node"',
}

const ENGINE_START_SLACK_TICKS = 5
/** futex(2)'s number, to read /proc/<pid>/task/<tid>/syscall. */
const FUTEX_SYSCALL: Record<string, number> = { x64: 202, arm64: 98 }

export interface ThreadRoles {
  roleOf(thread: ThreadSample): ThreadRole
  /** How the libuv threadpool was found, or why not. */
  libuvNote: string
}

/** What an idle thread waits on: the 8-byte-aligned futex word of its condition variable, if any. */
function idleFutex(pid: number, tid: number): bigint | undefined {
  const fields = readOrUndefined(`/proc/${pid}/task/${tid}/syscall`)?.trim().split(' ')
  if (!fields || Number(fields[0]) !== FUTEX_SYSCALL[process.arch]) return undefined
  return BigInt(fields[1]) & ~7n
}

/** Roles of the threads of a process, from a sample taken while it is idle (started, no load yet). */
export function threadRoles(pid: number, idle: ProcessSample): ThreadRoles {
  const threads = [...idle.threads.values()]
  const named = threads.filter((t) => t.name !== 'node').map((t) => t.startTicks)
  const engineStart = named.length > 0 ? Math.min(...named) : undefined
  const isEngine = (t: ThreadSample) => t.name !== 'node' || (engineStart !== undefined && t.startTicks >= engineStart - ENGINE_START_SLACK_TICKS)

  const groups = new Map<bigint, ThreadSample[]>()
  for (const t of threads) {
    if (t.tid === pid || isEngine(t)) continue
    const futex = idleFutex(pid, t.tid)
    if (futex === undefined) continue
    groups.set(futex, [...(groups.get(futex) ?? []), t])
  }
  const shared = [...groups.values()].filter((g) => g.length >= 2)
  const createdAt = (g: ThreadSample[]) => Math.min(...g.map((t) => t.tid))
  shared.sort((a, b) => createdAt(a) - createdAt(b))
  const libuv = new Set(shared.length >= 2 ? shared[shared.length - 1].map((t) => t.tid) : [])
  const libuvNote =
    shared.length >= 2
      ? `threads ${[...libuv].join(', ')} (${libuv.size} idle on one condition variable, started after the ${shared[0].length} V8 platform workers)`
      : `not identified (${shared.length} group(s) of Node threads idle on a shared condition variable; want 2): counted with the Node helper threads`

  return {
    roleOf(t) {
      if (t.tid === pid) return 'main'
      if (libuv.has(t.tid)) return 'libuv'
      return isEngine(t) ? 'engine' : 'node'
    },
    libuvNote,
  }
}

/** CPU time the whole machine spent busy (every process, every CPU), in clock ticks (/proc/stat). */
export function machineBusyTicks(): number {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/)
  // user nice system idle iowait irq softirq steal (guest time is inside user already)
  const [user, nice, system, , , irq, softirq, steal] = fields.slice(0, 8).map(Number)
  return user + nice + system + irq + softirq + steal
}
