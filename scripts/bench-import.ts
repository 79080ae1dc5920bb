/**
 * npm run bench:import -- [--reports <n>] [--peer-sample <n>] [--seed-repeats <n>]
 *                         [--memory-reports <n>] [--seed <n>] [--thread-reports <n>] [--threads <n>]
 *
 * Throughput of the report importer (`buildReport`: parse → metrics →
 * agencies → documents → zod validation) next to what a Sanity user would
 * otherwise reach for: the same paragraphs as HTML through
 * `@portabletext/block-tools` `htmlToBlocks` with JSDOM, which yields plain
 * blocks and no metrics at all.
 *
 * The corpus is streamed: report i is generated on the fly from a seeded PRNG
 * (scripts/bench/corpus.ts) and dropped after it is built. The timed pass
 * forces no garbage collection: an import never does, and a forced full GC
 * slows the next ~1,000 builds by about a quarter while V8 resizes its heap.
 * A second streamed pass then takes heap samples after a full GC at 1k, 5k,
 * 10k (and 20k) reports, which show whether the pipeline keeps anything per
 * report.
 *
 * Each stage of a build is then timed on its own over the peer sample
 * (scripts/bench/stages.ts), next to the time per report the ratio target
 * leaves on this machine.
 *
 * Last, the corpus is written to files and built the way
 * `npm run import` builds them (read → decode → build), on the main thread
 * and on a pool of worker threads, timed by the wall clock.
 *
 * This is a measurement, not a test: it prints PASS/FAIL against the targets
 * and always exits 0 (1 only on a crash).
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {availableParallelism, cpus, loadavg, tmpdir} from 'node:os'
import path from 'node:path'
import {parseArgs} from 'node:util'
import {setFlagsFromString} from 'node:v8'
import {runInNewContext} from 'node:vm'
import {Worker} from 'node:worker_threads'
import {buildReport, type BuildResult} from '../migrations/report/build'
import {DEFAULT_SEED, generateReport} from './bench/corpus'
import type {PeerJob, PeerTally} from './bench/peer'
import {reportHtml} from './bench/report-html'
import {STAGE_LABELS, STAGES, timeStages, type StageTimes} from './bench/stages'
import {LOOKAHEAD_PER_THREAD, createBuilder} from './import/build-pool'

const SEED_FILE = new URL('../../shared/seeds/000_984990fb53a38cb6.txt', import.meta.url)
const IMPORTED_AT = '2024-06-01T00:00:00.000Z'
const TARGET_RATIO = 30
const TARGET_RATE = 2000
/** Heap growth after a full GC, from the first sample to the last, that still counts as flat. */
const FLAT_MEMORY_BYTES = 10 * 1024 * 1024
const MEMORY_CHECKPOINTS = [1_000, 5_000, 10_000, 20_000]
/** The memory pass goes on to 20k reports only when that takes at most this long. */
const MEMORY_PASS_BUDGET_SECONDS = 75
/** Peer conversions before its timed run (each takes ~20 ms, so about as long as our warm-up). */
const PEER_WARMUP = 40
/**
 * Turns each engine takes on the peer sample: ~0.15 s each, shorter than the
 * machine's slow and fast stretches, so both engines see the same ones.
 */
const PEER_ROUNDS = 30
/** Bounds a round of ours should the peer's round take unusually long. */
const MAX_OURS_PER_ROUND = 20_000
/** Times over the peer sample for the stage breakdown (~1 s at 300 reports). */
const STAGE_PASSES = 3
/** Warm-up reports come from far outside the measured index range. */
const WARMUP_OFFSET = 50_000_000

interface Args {
  reports: number
  peerSample: number
  seedRepeats: number
  memoryReports: number | 'auto'
  seed: number
  warmup: number
  threadReports: number
  threads: number
}

interface Row {
  engine: string
  input: string
  reports: number
  seconds: number
  bytes: number
  metrics: string
}

interface MemorySample {
  reports: number
  heapUsed: number
  rss: number
}

interface Tally {
  reports: number
  seconds: number
  bytes: number
  metrics: number
  agencies: number
  blocks: number
  failures: number
  failureExamples: string[]
}

async function main(): Promise<void> {
  const args = readArgs()
  const gc = findGc()
  const startLoad = loadavg()
  const started = performance.now()
  const log = (message: string): void => {
    process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1)}s] ${message}\n`)
  }

  const seedText = readFileSync(SEED_FILE, 'utf8')

  // One full GC before anything is timed; none after it until the memory pass.
  gc?.()
  log(`warm-up: ${args.warmup} reports`)
  const warm = newTally()
  for (let i = 0; i < args.warmup; i++) timeBuild(generateReport(WARMUP_OFFSET + i, args.seed), `warmup-${i}.txt`, warm)

  log(`seed ×${args.seedRepeats}`)
  const seedTally = newTally()
  for (let i = 0; i < args.seedRepeats; i++) timeBuild(seedText, '000_984990fb53a38cb6.txt', seedTally)

  let generationSeconds = 0
  /** Streams reports [from, to) through the pipeline; `each(done)` runs untimed after every report. */
  const runCorpus = (from: number, to: number, tally: Tally, each: (done: number) => void): void => {
    for (let i = from; i < to; i++) {
      const t0 = performance.now()
      const text = generateReport(i, args.seed)
      generationSeconds += (performance.now() - t0) / 1000
      timeBuild(text, `synthetic-${String(i).padStart(6, '0')}.txt`, tally)
      each(i + 1)
    }
  }

  log(`corpus: ${args.reports} reports, streamed`)
  const corpus = newTally()
  /** reports/s of each 1,000 reports of the corpus run: shows how much the machine's speed moves. */
  const corpusChunks: number[] = []
  let chunk = {reports: 0, seconds: 0}
  runCorpus(0, args.reports, corpus, (done) => {
    if (done % 1000 !== 0) return
    corpusChunks.push(rate(corpus.reports - chunk.reports, corpus.seconds - chunk.seconds))
    chunk = {reports: corpus.reports, seconds: corpus.seconds}
    log(`  ${done} reports, ${(corpus.reports / corpus.seconds).toFixed(0)} reports/s so far`)
  })

  // The memory series: the corpus streamed again from its start, with a full GC before each sample. It runs to
  // 20k when asked, or when that fits the time budget.
  const memoryTarget =
    args.memoryReports === 'auto'
      ? (() => {
          const next = MEMORY_CHECKPOINTS.find((c) => c > args.reports)
          if (next === undefined) return args.reports
          const perReport = (corpus.seconds + generationSeconds) / Math.max(1, corpus.reports)
          return perReport * next <= MEMORY_PASS_BUDGET_SECONDS ? next : args.reports
        })()
      : Math.max(args.reports, args.memoryReports)
  const memory: MemorySample[] = []
  const sample = (reports: number): void => {
    gc?.()
    gc?.()
    const usage = process.memoryUsage()
    memory.push({reports, heapUsed: usage.heapUsed, rss: usage.rss})
  }
  log(`memory pass: ${memoryTarget} reports, streamed, heap sampled after a full GC`)
  const memoryPass = newTally()
  sample(0)
  runCorpus(0, memoryTarget, memoryPass, (done) => {
    if (MEMORY_CHECKPOINTS.includes(done)) sample(done)
  })
  if (memory.at(-1)?.reports !== memoryTarget) sample(memoryTarget)

  // The peer and our pipeline on the same reports: the first `peerSample` of the corpus.
  const sampleSize = Math.min(args.peerSample, args.reports)
  const oursOnSample = newTally()
  const peer = {reports: 0, seconds: 0, bytes: 0, blocks: 0, metrics: 0, marks: 0, failures: 0}
  /** reports/s of each engine in each round. */
  const rounds: Array<{ours: number; peer: number}> = []
  if (sampleSize > 0) {
    // A few hundred reports are small enough to hold; the inputs are prepared untimed.
    const texts = Array.from({length: sampleSize}, (_, i) => generateReport(i, args.seed))
    const htmls = texts.map((text) => reportHtml(text))
    // The peer runs on a worker thread of its own: JSDOM leaves a large heap of windows behind that
    // would bill our builds for its garbage collections (measured: ours ran ~13% slower after an
    // in-thread peer run; the peer itself runs no slower on its thread). The two engines take turns
    // in short rounds, never at the same time, and ours builds for as long as the peer's round took,
    // cycling through the same reports: this machine's speed changes by up to ~40% from one second
    // to the next, and both engines must see it alike.
    log(`peer: @portabletext/block-tools htmlToBlocks + JSDOM on ${sampleSize} reports, on its own thread`)
    const session = await startPeerThread()
    try {
      // Untimed conversions so JSDOM and block-tools are loaded and compiled: about as many seconds as ours gets.
      const warmup = Array.from({length: PEER_WARMUP}, (_, i) => reportHtml(generateReport(WARMUP_OFFSET + i, args.seed)) ?? '<p></p>')
      await session.run({warmup, htmls: []})
      gc?.()
      const untimed = newTally()
      for (let i = 0; i < args.warmup; i++) timeBuild(generateReport(WARMUP_OFFSET + i, args.seed), `warmup-${i}.txt`, untimed)
      let cursor = 0
      const oursFor = (seconds: number): Tally => {
        const round = newTally()
        while (round.seconds < seconds && round.reports < MAX_OURS_PER_ROUND) {
          const i = cursor++ % sampleSize
          timeBuild(texts[i] ?? '', `synthetic-${String(i).padStart(6, '0')}.txt`, round)
        }
        return round
      }
      // Every round gets at least one report.
      const roundCount = Math.min(PEER_ROUNDS, sampleSize)
      log(`ours and the peer in ${roundCount} alternating rounds`)
      for (let r = 0; r < roundCount; r++) {
        const job: PeerJob = {warmup: [], htmls: []}
        for (let i = Math.floor((r * sampleSize) / roundCount); i < Math.floor(((r + 1) * sampleSize) / roundCount); i++) {
          const html = htmls[i]
          if (html === undefined) peer.failures++
          else job.htmls.push({html, bytes: Buffer.byteLength(texts[i] ?? '', 'utf8')})
        }
        if (job.htmls.length === 0) continue
        // Alternate which engine goes first, so neither always follows the other.
        let ours: Tally
        let theirs: PeerTally
        if (r % 2 === 0) {
          theirs = await session.run(job)
          ours = oursFor(theirs.seconds)
        } else {
          const estimate = peer.seconds / Math.max(1, peer.reports)
          ours = oursFor(estimate * job.htmls.length)
          theirs = await session.run(job)
        }
        addTally(oursOnSample, ours)
        for (const key of ['reports', 'seconds', 'bytes', 'blocks', 'metrics', 'marks'] as const) peer[key] += theirs[key]
        rounds.push({ours: rate(ours.reports, ours.seconds), peer: rate(theirs.reports, theirs.seconds)})
      }
    } finally {
      await session.close()
    }
  }
  let stageTimes: StageTimes | undefined
  if (sampleSize > 0) {
    log(`where the time goes: each stage on its own, ${sampleSize} reports ×${STAGE_PASSES}`)
    stageTimes = timeStages(
      Array.from({length: sampleSize}, (_, i) => generateReport(i, args.seed)),
      STAGE_PASSES,
    )
  }
  // From files, as `npm run import` builds them: read → decode → build, on the main thread and on worker threads.
  const filesInline = newFilesTally()
  const filesPooled = newFilesTally()
  if (args.threadReports > 0) {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-import-'))
    try {
      log(`writing ${args.threadReports} corpus reports as files (untimed)`)
      let bytes = 0
      const files = Array.from({length: args.threadReports}, (_, i) => {
        const file = path.join(dir, `synthetic-${String(i).padStart(6, '0')}.txt`)
        const text = generateReport(i, args.seed)
        bytes += Buffer.byteLength(text, 'utf8')
        writeFileSync(file, text)
        return file
      })
      // Alternating passes, so a load change on a shared machine affects both alike.
      for (let pass = 0; pass < 2; pass++) {
        log(`files pass ${pass + 1}: 1 thread`)
        gc?.()
        await timeFiles(1, files, bytes, filesInline)
        log(`files pass ${pass + 1}: ${args.threads} worker threads`)
        gc?.()
        await timeFiles(args.threads, files, bytes, filesPooled)
      }
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  }

  const endLoad = loadavg()
  const totalSeconds = (performance.now() - started) / 1000

  // ------------------------------------------------------------------ report
  const rows: Row[] = [
    {
      engine: 'ours',
      input: `seed 000_984990fb ×${args.seedRepeats}`,
      reports: seedTally.reports,
      seconds: seedTally.seconds,
      bytes: seedTally.bytes,
      metrics: perReport(seedTally.metrics, seedTally.reports),
    },
    {
      engine: 'ours',
      input: `synthetic corpus, ${corpus.reports} distinct`,
      reports: corpus.reports,
      seconds: corpus.seconds,
      bytes: corpus.bytes,
      metrics: perReport(corpus.metrics, corpus.reports),
    },
  ]
  if (sampleSize > 0) {
    rows.push(
      {
        engine: 'ours',
        input: `peer sample (corpus 0–${sampleSize - 1}), cycled`,
        reports: oursOnSample.reports,
        seconds: oursOnSample.seconds,
        bytes: oursOnSample.bytes,
        metrics: perReport(oursOnSample.metrics, oursOnSample.reports),
      },
      {
        engine: 'peer',
        input: `peer sample (corpus 0–${sampleSize - 1})`,
        reports: peer.reports,
        seconds: peer.seconds,
        bytes: peer.bytes,
        metrics: `${peer.metrics} — none extracted`,
      },
    )
  }

  if (filesInline.reports > 0) {
    rows.push(
      {
        engine: 'ours',
        input: `${args.threadReports} files, read+decode+build, 1 thread ×2`,
        reports: filesInline.reports,
        seconds: filesInline.seconds,
        bytes: filesInline.bytes,
        metrics: perReport(filesInline.metrics, filesInline.reports),
      },
      {
        engine: 'ours',
        input: `same files, ${args.threads} worker threads ×2`,
        reports: filesPooled.reports,
        seconds: filesPooled.seconds,
        bytes: filesPooled.bytes,
        metrics: perReport(filesPooled.metrics, filesPooled.reports),
      },
    )
  }

  const out: string[] = []
  out.push('')
  out.push('Import benchmark: buildReport (ours) vs @portabletext/block-tools htmlToBlocks + JSDOM (peer)')
  out.push(
    `node ${process.version} · ${cpus().length} CPU(s) · load average ${fmtLoad(startLoad)} at start, ${fmtLoad(endLoad)} at end · ` +
      `GC for memory samples: ${gc ? 'yes' : 'no (raw heap figures)'}`,
  )
  out.push(
    'ours = parse → extract metrics → agencies → documents → zod validation, timed per call; ' +
      `corpus generation (${generationSeconds.toFixed(1)} s) is not timed. MB = 10^6 bytes of UTF-8 input text.`,
  )
  out.push(
    'peer = title + paragraphs (as our parser splits them) written as <h1>/<h2>/<h3>/<p> HTML, escaped, converted with ' +
      "htmlToBlocks(html, compiled article.body type, {parseHtml: JSDOM}); HTML building is not timed; it runs on a worker thread of its own so JSDOM's heap stays apart from ours. It produces blocks only: no metrics, no agencies.",
  )
  out.push('')
  out.push(table(rows))
  out.push('')

  const oursRate = rate(oursOnSample.reports, oursOnSample.seconds)
  const peerRate = rate(peer.reports, peer.seconds)
  const ratio = sampleSize > 0 && peerRate > 0 ? oursRate / peerRate : Number.NaN
  const corpusRate = rate(corpus.reports, corpus.seconds)
  if (sampleSize > 0) {
    const roundRatios = rounds.map((r) => r.ours / r.peer)
    out.push(
      `ratio ours/peer on the same ${sampleSize} reports: ${fmt(ratio, 2)}× over ${rounds.length} alternating rounds ` +
        `(per round: ${spread(roundRatios, 1)}×; ours ${spread(rounds.map((r) => r.ours), 0)}, ` +
        `peer ${spread(rounds.map((r) => r.peer), 1)} reports/s) ` +
        `(ours ${fmtMs(oursOnSample.seconds, oursOnSample.reports)} ms/report, peer ${fmtMs(peer.seconds, peer.reports)} ms/report; ` +
        `ours also yields ${perReport(oursOnSample.metrics, oursOnSample.reports)} metrics and ${perReport(oursOnSample.agencies, oursOnSample.reports)} agencies, ` +
        `peer ${peer.metrics} metrics, ${peer.marks} marked spans, ${peer.blocks} plain blocks)`,
    )
  }
  if (stageTimes && stageTimes.reports > 0 && peer.reports > 0) out.push('', ...stageTable(stageTimes, peer.seconds / peer.reports), '')
  out.push(
    `failures: seed ${seedTally.failures}, corpus ${corpus.failures}, memory pass ${memoryPass.failures}` +
      (sampleSize > 0 ? `, peer ${peer.failures}` : '') +
      (filesInline.reports > 0 ? `, files ${filesInline.failures + filesPooled.failures}` : '') +
      ([...corpus.failureExamples, ...memoryPass.failureExamples].length
        ? ` — e.g. ${[...corpus.failureExamples, ...memoryPass.failureExamples].slice(0, 3).join('; ')}`
        : ''),
  )
  out.push(
    `corpus averages: ${fmt(corpus.bytes / Math.max(1, corpus.reports) / 1024, 2)} KiB, ` +
      `${perReport(corpus.blocks, corpus.reports)} blocks, ${perReport(corpus.metrics, corpus.reports)} metrics, ` +
      `${perReport(corpus.agencies, corpus.reports)} agencies per report`,
  )
  if (corpusChunks.length > 1) out.push(`corpus, each 1,000 reports: ${spread(corpusChunks, 0)} reports/s (min · median · max)`)
  out.push(
    `memory pass: reports 0–${memoryTarget - 1} with ${memory.length} forced full GCs, ${fmt(rate(memoryPass.reports, memoryPass.seconds), 0)} reports/s (not a target figure)`,
  )
  out.push('')

  out.push(`memory (process.memoryUsage() after ${gc ? 'a full GC' : 'no GC'}; streamed, nothing kept between reports):`)
  out.push(`  ${'reports'.padStart(8)} | ${'heapUsed'.padStart(10)} | ${'rss'.padStart(10)}`)
  for (const m of memory) out.push(`  ${String(m.reports).padStart(8)} | ${fmtMiB(m.heapUsed).padStart(10)} | ${fmtMiB(m.rss).padStart(10)}`)
  const firstCheckpoint = memory.find((m) => m.reports > 0)
  const last = memory.at(-1)
  const growth = firstCheckpoint && last && last !== firstCheckpoint ? last.heapUsed - firstCheckpoint.heapUsed : undefined
  if (growth !== undefined && firstCheckpoint && last) {
    out.push(
      `  heap growth ${firstCheckpoint.reports} → ${last.reports} reports: ${growth >= 0 ? '+' : ''}${fmtMiB(growth)} ` +
        `(${fmt((growth / Math.max(1, last.reports - firstCheckpoint.reports)) * 1000 / 1024, 1)} KiB per 1,000 reports); ` +
        `rss ${last.rss - firstCheckpoint.rss >= 0 ? '+' : ''}${fmtMiB(last.rss - firstCheckpoint.rss)}`,
    )
  }
  out.push('')

  out.push('targets:')
  out.push(
    target(
      `≥${TARGET_RATIO}× faster than the peer (same reports)`,
      sampleSize > 0 ? `${fmt(ratio, 2)}×` : 'not measured (--peer-sample 0)',
      sampleSize > 0 ? ratio >= TARGET_RATIO : undefined,
    ),
  )
  const threadsRate = rate(filesPooled.reports, filesPooled.seconds)
  const bestRate = Math.max(corpusRate, threadsRate)
  out.push(
    target(
      `≥${TARGET_RATE.toLocaleString('en-US')} reports/s from one process (corpus)`,
      `${fmt(corpusRate, 0)} reports/s on 1 thread` +
        (filesPooled.reports > 0 ? `, ${fmt(threadsRate, 0)} reports/s from files on ${args.threads} worker threads` : ''),
      bestRate >= TARGET_RATE,
    ),
  )
  out.push(
    target(
      `flat memory (heap growth ≤ ${fmtMiB(FLAT_MEMORY_BYTES)} after GC)`,
      growth === undefined ? 'needs two samples (≥5,000 reports)' : `${growth >= 0 ? '+' : ''}${fmtMiB(growth)}`,
      growth === undefined ? undefined : growth <= FLAT_MEMORY_BYTES,
    ),
  )
  out.push('')
  out.push(`total wall time ${fmt(totalSeconds, 1)} s`)
  process.stdout.write(`${out.join('\n')}\n`)

  function timeBuild(text: string, fileName: string, tally: Tally): void {
    const t0 = performance.now()
    const result: BuildResult = buildReport({fileName, text, importedAt: IMPORTED_AT})
    tally.seconds += (performance.now() - t0) / 1000
    tally.reports++
    tally.bytes += Buffer.byteLength(text, 'utf8')
    if (result.ok) {
      tally.metrics += result.report.counts.metrics
      tally.agencies += result.report.counts.agencies
      tally.blocks += result.report.counts.blocks
    } else {
      tally.failures++
      if (tally.failureExamples.length < 3) tally.failureExamples.push(`${fileName}: ${result.reason}`)
    }
  }
}

// -------------------------------------------------------------------- helpers

interface FilesTally {
  reports: number
  seconds: number
  bytes: number
  metrics: number
  failures: number
}

function newFilesTally(): FilesTally {
  return {reports: 0, seconds: 0, bytes: 0, metrics: 0, failures: 0}
}

/**
 * Wall-clock time to build every file, keeping as many jobs queued as
 * `npm run import` does and taking results in file order.
 * Starting the threads is timed too; closing them is not.
 */
async function timeFiles(threads: number, files: readonly string[], bytes: number, tally: FilesTally): Promise<void> {
  const lookahead = LOOKAHEAD_PER_THREAD * threads
  const t0 = performance.now()
  const builder = createBuilder(threads)
  const queue: Array<Promise<BuildResult>> = []
  let next = 0
  const job = (file: string) => builder.build({file, maxBytes: 5 * 1024 * 1024, importedAt: IMPORTED_AT})
  while (queue.length < lookahead && next < files.length) queue.push(job(files[next++]!))
  for (let result = queue.shift(); result; result = queue.shift()) {
    if (next < files.length) queue.push(job(files[next++]!))
    const built = await result
    tally.reports++
    if (built.ok) tally.metrics += built.report.counts.metrics
    else tally.failures++
  }
  tally.seconds += (performance.now() - t0) / 1000
  tally.bytes += bytes
  await builder.close()
}

function readArgs(): Args {
  const {values} = parseArgs({
    options: {
      reports: {type: 'string', default: '10000'},
      'peer-sample': {type: 'string', default: '300'},
      'seed-repeats': {type: 'string', default: '1000'},
      'memory-reports': {type: 'string', default: 'auto'},
      seed: {type: 'string', default: String(DEFAULT_SEED)},
      warmup: {type: 'string', default: '1000'},
      // The whole corpus by default: the target is about a corpus of 10,000, and threads need a batch to pay for starting.
      'thread-reports': {type: 'string', default: 'corpus'},
      // At least two: one thread is the main-thread row already.
      threads: {type: 'string', default: String(Math.max(2, availableParallelism()))},
      help: {type: 'boolean', short: 'h', default: false},
    },
  })
  if (values.help) {
    process.stdout.write(
      'Usage: npm run bench:import -- [--reports <n>=10000] [--peer-sample <n>=300 (0 skips the peer)]\n' +
        '       [--seed-repeats <n>=1000] [--memory-reports <n>|auto] [--seed <n>] [--warmup <n>=1000]\n' +
        '       [--thread-reports <n>|corpus (=--reports; 0 skips the files run)] [--threads <n>=cores, ≥2]\n',
    )
    process.exit(0)
  }
  const count = (name: string, value: string, min: number): number => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${value}`)
    return n
  }
  return {
    reports: count('reports', values.reports, 1),
    peerSample: count('peer-sample', values['peer-sample'], 0),
    seedRepeats: count('seed-repeats', values['seed-repeats'], 1),
    memoryReports: values['memory-reports'] === 'auto' ? 'auto' : count('memory-reports', values['memory-reports'], 1),
    seed: count('seed', values.seed, 0),
    warmup: count('warmup', values.warmup, 0),
    threadReports:
      values['thread-reports'] === 'corpus' ? count('reports', values.reports, 1) : count('thread-reports', values['thread-reports'], 0),
    threads: count('threads', values.threads, 2),
  }
}

/** `gc` from --expose-gc, or enabled at run time through V8 flags; undefined if neither works. */
function findGc(): (() => void) | undefined {
  const existing: unknown = Reflect.get(globalThis, 'gc')
  if (typeof existing === 'function') return existing as () => void
  try {
    setFlagsFromString('--expose-gc')
    const fn: unknown = runInNewContext('gc')
    if (typeof fn === 'function') return fn as () => void
  } catch {
    // Fall through: memory figures are then taken without a GC.
  }
  return undefined
}

interface PeerSession {
  run(job: PeerJob): Promise<PeerTally>
  close(): Promise<void>
}

/** The peer on a worker thread of its own, taking one job at a time; it loads TypeScript through tsx, as build workers can. */
async function startPeerThread(): Promise<PeerSession> {
  const script = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then(({register}) => register())
    .then(() => import(${JSON.stringify(new URL('./bench/peer-worker.ts', import.meta.url).href)}))`
  const worker = new Worker(script, {eval: true})
  /** The worker's next message, or why it will never come. */
  const reply = (): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const onError = (error: Error): void => settle(() => reject(error))
      const onExit = (code: number): void => settle(() => reject(new Error(`peer thread exited with code ${code}`)))
      const onMessage = (message: unknown): void => settle(() => resolve(message))
      const settle = (done: () => void): void => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit)
        done()
      }
      worker.on('message', onMessage).on('error', onError).on('exit', onExit)
    })
  await reply() // 'ready': the peer is loaded
  return {
    run: (job) => {
      const tally = reply() as Promise<PeerTally>
      worker.postMessage(job)
      return tally
    },
    close: async () => {
      await worker.terminate()
    },
  }
}

function addTally(into: Tally, from: Tally): void {
  into.reports += from.reports
  into.seconds += from.seconds
  into.bytes += from.bytes
  into.metrics += from.metrics
  into.agencies += from.agencies
  into.blocks += from.blocks
  into.failures += from.failures
}

function newTally(): Tally {
  return {reports: 0, seconds: 0, bytes: 0, metrics: 0, agencies: 0, blocks: 0, failures: 0, failureExamples: []}
}

const rate = (n: number, seconds: number): number => (seconds > 0 ? n / seconds : 0)
/** min · median · max of a series. */
const spread = (values: readonly number[], digits: number): string => {
  const sorted = [...values].sort((a, b) => a - b)
  const median = sorted.length ? ((sorted[(sorted.length - 1) >> 1] ?? 0) + (sorted[sorted.length >> 1] ?? 0)) / 2 : Number.NaN
  return `${fmt(sorted[0] ?? Number.NaN, digits)} · ${fmt(median, digits)} · ${fmt(sorted.at(-1) ?? Number.NaN, digits)}`
}
const fmt = (n: number, digits: number): string =>
  Number.isFinite(n) ? n.toLocaleString('en-US', {minimumFractionDigits: digits, maximumFractionDigits: digits}) : 'n/a'
const fmtMs = (seconds: number, n: number): string => fmt(n > 0 ? (seconds * 1000) / n : Number.NaN, 2)
const fmtMiB = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`
const fmtLoad = (load: number[]): string => load.map((l) => l.toFixed(2)).join(' ')
const perReport = (total: number, n: number): string =>
  `${total.toLocaleString('en-US')} (${fmt(n > 0 ? total / n : 0, 1)}/report)`

/**
 * The stage breakdown, and what the ratio target leaves for a whole build: the analysis the
 * issue asks for (parse, agencies, metrics, assembly) set against that budget.
 */
function stageTable(times: StageTimes, peerSecondsPerReport: number): string[] {
  const micros = (seconds: number): number => (seconds * 1e6) / times.reports
  const lines = [`where a build's time goes (each stage run again on its own over the peer sample; assembly is the rest of the whole build):`]
  for (const stage of STAGES) {
    const share = times.total > 0 ? (100 * times.stages[stage]) / times.total : 0
    lines.push(`  ${STAGE_LABELS[stage].padEnd(50)} ${fmt(micros(times.stages[stage]), 1).padStart(7)} µs/report  ${fmt(share, 1).padStart(5)}%`)
  }
  lines.push(`  ${'buildReport, whole'.padEnd(50)} ${fmt(micros(times.total), 1).padStart(7)} µs/report`)
  const budget = (peerSecondsPerReport * 1e6) / TARGET_RATIO
  const analysis = micros(times.stages.parse + times.stages.agencies + times.stages.metrics + times.stages.assembly)
  lines.push(
    `  ${TARGET_RATIO}× this peer allows ${fmt(budget, 0)} µs/report; parse + agencies + metrics + assembly alone take ${fmt(analysis, 0)}, ` +
      `leaving ${fmt(budget - analysis, 0)} for hashes, fingerprint, slug and zod (now ${fmt(micros(times.total) - analysis, 0)})`,
  )
  return lines
}

function table(rows: Row[]): string {
  const header = ['engine', 'input', 'reports', 'seconds', 'reports/s', 'MB/s', 'metrics']
  const cells = rows.map((r) => [
    r.engine,
    r.input,
    r.reports.toLocaleString('en-US'),
    fmt(r.seconds, 2),
    fmt(rate(r.reports, r.seconds), 1),
    fmt(rate(r.bytes / 1e6, r.seconds), 3),
    r.metrics,
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => width(c[i] ?? ''))))
  const right = new Set([2, 3, 4, 5])
  const line = (c: string[]): string =>
    c
      .map((cell, i) => {
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - width(cell)))
        return right.has(i) ? pad + cell : cell + pad
      })
      .join(' | ')
      .trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n')
}

/** Display width: CJK and full-width characters take two columns. */
function width(text: string): number {
  let w = 0
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1
  return w
}

function target(label: string, measured: string, pass: boolean | undefined): string {
  const verdict = pass === undefined ? 'N/A ' : pass ? 'PASS' : 'FAIL'
  return `  [${verdict}] ${label.padEnd(52)} measured: ${measured}`
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-import crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exitCode = 1
})
