// Comparison side of the Buurtnet replication benchmark: hypercore 11 +
// corestore 7 over loopback TCP, two separate node processes.
//
// The parent process is the seeder (writer); it forks the reader. They talk
// over a TCP connection on 127.0.0.1 (replication only; its bytes are counted)
// and over Node's IPC channel (benchmark control only; not counted).
//
//   1. catch-up: 100 authors (cores) x 1,000 entries of ~300 bytes, created in
//      the seeder; the reader replicates all of them. Time from connect() to
//      all downloaded, bytes through the socket both ways, CPU and peak RSS of
//      each process.
//   2. in-sync check: both sides already hold the same K authors (10, 100,
//      1,000); reconnect and measure bytes both ways, approximate round trips
//      and time until every core on the reader has the seeder's state and
//      update() has resolved.
//   3. live append: reader connected and live; the seeder appends 1,000
//      entries one at a time (~2 ms apart); latency append -> downloaded on
//      the reader, both timestamps from process.hrtime.bigint() (the same
//      CLOCK_MONOTONIC in both processes).
//
// Output: one JSON object on stdout; human-readable lines on stderr.
// Usage: node bench.mjs [--authors 100] [--entries 1000] [--reps 3] [--quick]

import { fork } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Corestore from 'corestore'

const SELF = fileURLToPath(import.meta.url)
const ROLE = process.argv[2] === '--reader' ? 'reader' : 'seeder'

function log (...a) { process.stderr.write(`[${ROLE}] ${a.join(' ')}\n`) }
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const now = () => process.hrtime.bigint()
const msSince = (t0) => Number(now() - t0) / 1e6

function withTimeout (promise, ms, what) {
  let timer
  return Promise.race([
    promise,
    new Promise((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`timeout after ${ms} ms: ${what}`)), ms)
    })
  ]).finally(() => clearTimeout(timer))
}

// ---------------------------------------------------------------- payloads

const CATEGORIES = ['groceries', 'tools', 'transport', 'childcare', 'garden', 'repairs', 'company', 'pets']
const TYPES = ['offer', 'request', 'thanks']
const WORDS = ('can someone help me with the shopping on tuesday morning I have a ladder drill ' +
  'and a van to lend please bring it back by friday thank you neighbours for the soup ' +
  'my bike has a flat tyre anyone good with that the cat needs feeding while we are away ' +
  'I bake bread on saturdays and have spare loaves lift to the station at seven').split(' ')

// Deterministic PRNG (mulberry32) so the reader can re-create any entry.
function rng (seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// A help post as JSON, 280..320 bytes.
function makeEntry (author, seq) {
  const r = rng(author * 1000003 + seq)
  const target = 280 + Math.floor(r() * 41)
  const words = (n) => Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ')
  const obj = {
    type: TYPES[Math.floor(r() * TYPES.length)],
    seq,
    ts: 1767225600000 + author * 86400 + seq * 61000,
    category: CATEGORIES[Math.floor(r() * CATEGORIES.length)],
    title: words(6),
    body: '',
    area: 'Oost-' + (1 + (author % 9))
  }
  // The words are plain ASCII, so the body adds exactly its length.
  const base = JSON.stringify(obj).length
  let body = ''
  while (base + body.length < target) body += (body ? ' ' : '') + WORDS[Math.floor(r() * WORDS.length)]
  obj.body = body.slice(0, Math.max(0, target - base))
  return Buffer.from(JSON.stringify(obj))
}

// ---------------------------------------------------------------- helpers

function cpuSeconds (u) { return (u.user + u.system) / 1e6 }
function maxRssMb () { return process.resourceUsage().maxRSS / 1024 }

function percentile (sorted, p) {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]
}
function median (a) { const s = [...a].sort((x, y) => x - y); return s[Math.floor((s.length - 1) / 2)] }
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d

// Wire a TCP socket to a corestore replication stream and count what goes
// through the socket. Also counts "flights": how often data arrived after we
// had sent something since the previous arrival (request/response cycles).
function attach (store, socket, isInitiator) {
  const stat = { flights: 0, last: null, closed: false }
  const origWrite = socket.write.bind(socket)
  socket.write = (...args) => { stat.last = 'out'; return origWrite(...args) }
  socket.on('data', () => { if (stat.last === 'out') stat.flights++; stat.last = 'in' })
  socket.setNoDelay(true)
  const stream = store.replicate(isInitiator)
  socket.pipe(stream).pipe(socket)
  const onErr = () => {}
  socket.on('error', onErr)
  stream.on('error', onErr)
  socket.on('close', () => { stat.closed = true; stream.destroy() })
  stream.on('close', () => socket.destroy())
  return {
    socket,
    stream,
    stat,
    bytes: () => ({ in: socket.bytesRead, out: socket.bytesWritten }),
    close: async () => {
      stream.destroy()
      socket.destroy()
      for (let i = 0; i < 100 && !stat.closed; i++) await sleep(10)
    }
  }
}

function connect (port) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port })
    s.once('connect', () => resolve(s))
    s.once('error', reject)
  })
}

// Resolves when `core` has a peer that has told us its state.
function peerSynced (core) {
  return core.peers.some((p) => p.remoteSynced)
}

async function waitFor (cond, ms, what, step = 2) {
  const t0 = now()
  while (!cond()) {
    if (msSince(t0) > ms) throw new Error(`timeout after ${ms} ms: ${what}`)
    await sleep(step)
  }
}

// ---------------------------------------------------------------- reader

async function reader (dir) {
  let store = null
  let cores = []
  let conn = null
  const liveRecv = new Map()
  const cpuStart = process.cpuUsage()

  let finished = false
  process.on('disconnect', () => {
    if (!finished) log('parent went away')
    process.exit(finished ? 0 : 3)
  })

  async function openStore (keys) {
    if (store) await store.close()
    store = new Corestore(dir)
    cores = keys.map((k) => store.get({ key: Buffer.from(k, 'hex') }))
    await Promise.all(cores.map((c) => c.ready()))
  }

  const handlers = {
    async open ({ keys }) {
      await openStore(keys)
      return { opened: cores.length }
    },

    // Download everything; time from connect() to all cores complete.
    async catchup ({ port, expect }) {
      const cpu0 = process.cpuUsage()
      const t0 = now()
      conn = attach(store, await connect(port), true)
      await withTimeout(Promise.all(cores.map(async (core, i) => {
        const want = expect[i]
        if (core.contiguousLength >= want) return
        const range = core.download({ start: 0, end: -1 })
        await new Promise((resolve) => {
          const check = () => {
            if (core.contiguousLength < want) return
            core.off('download', check)
            resolve()
          }
          core.on('download', check)
          check()
        })
        range.destroy()
      })), 600000, 'catch-up')
      const ms = msSince(t0)
      const cpu = cpuSeconds(process.cpuUsage(cpu0))
      const b = conn.bytes()
      await conn.close()
      conn = null
      return { ms, bytesIn: b.in, bytesOut: b.out, cpu, rssMb: maxRssMb() }
    },

    // Spot-check that what arrived is what the seeder wrote.
    async verify ({ samples, authors }) {
      let bad = 0
      const r = rng(42)
      for (let n = 0; n < samples; n++) {
        const i = Math.floor(r() * cores.length)
        const seq = Math.floor(r() * cores[i].contiguousLength)
        const got = await cores[i].get(seq, { wait: false })
        if (!got || !got.equals(makeEntry(authors[i], seq))) bad++
      }
      return { bad, lengths: cores.map((c) => c.contiguousLength) }
    },

    // Reconnect while in sync.
    async insync ({ port, expect }) {
      const t0 = now()
      conn = attach(store, await connect(port), true)
      await withTimeout(Promise.all(cores.map(async (core, i) => {
        await waitFor(() => peerSynced(core), 60000, `core ${i} peer`, 1)
        await core.update({ wait: true })
        const p = core.peers.find((x) => x.remoteSynced)
        if (!p || p.remoteLength !== expect[i] || core.length !== expect[i]) {
          throw new Error(`core ${i}: remote ${p && p.remoteLength} local ${core.length} expected ${expect[i]}`)
        }
      })), 120000, 'in-sync check')
      const ms = msSince(t0)
      const flights = conn.stat.flights
      const atDone = conn.bytes()
      // let trailing messages settle, then count everything
      let prev = -1
      for (let i = 0; i < 50; i++) {
        await sleep(100)
        const b = conn.bytes()
        if (b.in + b.out === prev) break
        prev = b.in + b.out
      }
      const b = conn.bytes()
      await conn.close()
      conn = null
      return { ms, flights, bytesIn: b.in, bytesOut: b.out, bytesInAtDone: atDone.in, bytesOutAtDone: atDone.out }
    },

    // Connect, follow author 0 live, record when each new block lands.
    async liveStart ({ port, expect, watch }) {
      conn = attach(store, await connect(port), true)
      for (const core of cores) core.download({ start: 0, end: -1 })
      await withTimeout(Promise.all(cores.map(async (core, i) => {
        await waitFor(() => peerSynced(core) && core.contiguousLength >= expect[i], 60000, `core ${i} live sync`, 2)
      })), 120000, 'live sync')
      const core = cores[watch]
      core.on('download', (index) => { if (!liveRecv.has(index)) liveRecv.set(index, now()) })
      return { ready: true, length: core.contiguousLength }
    },

    async liveWait ({ watch, from, count }) {
      const core = cores[watch]
      await waitFor(() => core.contiguousLength >= from + count, 60000, 'live entries', 5)
      const out = []
      for (let i = from; i < from + count; i++) {
        const t = liveRecv.get(i)
        out.push(t === undefined ? null : t.toString())
      }
      const b = conn.bytes()
      await conn.close()
      conn = null
      return { recv: out, bytesIn: b.in, bytesOut: b.out }
    },

    async finish () {
      if (conn) await conn.close()
      if (store) await store.close()
      finished = true
      return { cpuTotal: cpuSeconds(process.cpuUsage(cpuStart)), rssMb: maxRssMb() }
    }
  }

  process.on('message', async (msg) => {
    try {
      const result = await handlers[msg.cmd](msg.args || {})
      process.send({ id: msg.id, result })
    } catch (err) {
      process.send({ id: msg.id, error: String(err && err.stack ? err.stack : err) })
    }
  })
  process.send({ id: 0, result: 'hello' })
}

// ---------------------------------------------------------------- seeder

async function seeder () {
  const args = process.argv.slice(2)
  const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : def }
  const quick = args.includes('--quick')
  const AUTHORS = opt('--authors', quick ? 20 : 100)
  const ENTRIES = opt('--entries', quick ? 200 : 1000)
  const REPS = opt('--reps', quick ? 1 : 3)
  const INSYNC_KS = quick ? [10, 100] : [10, 100, 1000]
  const EXTRA_ENTRIES = opt('--extra-entries', quick ? 10 : 100)
  const LIVE = opt('--live', quick ? 200 : 1000)
  const LIVE_GAP_MS = 2
  const WATCHDOG_S = opt('--timeout', 1200)

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bn-hypercore-bench-'))
  const seedDir = path.join(root, 'seeder')
  const readDir = path.join(root, 'reader')
  let child = null
  let cleaned = false
  const cleanup = () => {
    if (cleaned) return
    cleaned = true
    if (child && child.exitCode === null) { try { child.kill('SIGKILL') } catch {} }
    try { fs.rmSync(root, { recursive: true, force: true }) } catch {}
  }
  process.on('exit', cleanup)
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { cleanup(); process.exit(128 + os.constants.signals[sig]) })
  const watchdog = setTimeout(() => { log(`watchdog: still running after ${WATCHDOG_S} s, giving up`); cleanup(); process.exit(2) }, WATCHDOG_S * 1000)
  watchdog.unref()

  // The reader process; its stdout goes to our stderr, stdout stays JSON only.
  // BENCH_READER_NODE_ARGS="--cpu-prof" profiles the reader, for instance.
  const execArgv = process.env.BENCH_READER_NODE_ARGS ? process.env.BENCH_READER_NODE_ARGS.split(' ') : process.execArgv
  child = fork(SELF, ['--reader', readDir], { stdio: ['ignore', 2, 2, 'ipc'], execArgv })
  const pending = new Map()
  let nextId = 1
  let hello
  const helloP = new Promise((resolve) => { hello = resolve })
  child.on('message', (m) => {
    if (m.id === 0) return hello()
    const p = pending.get(m.id)
    if (!p) return
    pending.delete(m.id)
    if (m.error) p.reject(new Error('reader: ' + m.error))
    else p.resolve(m.result)
  })
  child.on('exit', (code, signal) => {
    for (const p of pending.values()) p.reject(new Error(`reader exited (${code ?? signal})`))
    pending.clear()
  })
  const rpc = (cmd, a, ms = 900000) => withTimeout(new Promise((resolve, reject) => {
    const id = nextId++
    pending.set(id, { resolve, reject })
    child.send({ id, cmd, args: a })
  }), ms, `reader ${cmd}`)
  await withTimeout(helloP, 30000, 'reader start')

  // Replication server: serves whatever store is current.
  let store = null
  let serverConns = []
  const server = net.createServer((socket) => { serverConns.push(attach(store, socket, false)) })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = server.address().port
  const closeServerConns = async () => { await Promise.all(serverConns.map((c) => c.close())); serverConns = [] }

  // Seeder cores: author i is named "author-i"; 0..AUTHORS-1 have ENTRIES
  // entries, the rest (only for the 1,000-author in-sync check) EXTRA_ENTRIES.
  const lengths = []
  let cores = []
  async function openStore (n) {
    if (store) await store.close()
    store = new Corestore(seedDir)
    cores = Array.from({ length: n }, (_, i) => store.get({ name: `author-${i}` }))
    await Promise.all(cores.map((c) => c.ready()))
  }
  async function seed (from, to, entries) {
    const BATCH = 100
    let bytes = 0
    for (let i = from; i < to; i++) {
      const core = cores[i]
      for (let s = core.length; s < entries; s += BATCH) {
        const batch = []
        for (let j = s; j < Math.min(entries, s + BATCH); j++) {
          const e = makeEntry(i, j)
          bytes += e.length
          batch.push(e)
        }
        await core.append(batch)
      }
      lengths[i] = core.length
    }
    return bytes
  }
  const keysOf = (n) => cores.slice(0, n).map((c) => c.key.toString('hex'))
  const out = {}
  const cpuStart = process.cpuUsage()

  // ---- 1. catch-up
  await openStore(AUTHORS)
  let t0 = now()
  const entryBytes = await seed(0, AUTHORS, ENTRIES)
  const total = AUTHORS * ENTRIES
  log(`seeded ${AUTHORS} authors x ${ENTRIES} entries (${entryBytes} payload bytes, avg ${round(entryBytes / total, 1)} B) in ${round(msSince(t0) / 1000, 2)} s`)

  await rpc('open', { keys: keysOf(AUTHORS) })
  const cpuSeed0 = process.cpuUsage()
  const cu = await rpc('catchup', { port, expect: lengths.slice(0, AUTHORS) })
  const cpuSeedCatchup = cpuSeconds(process.cpuUsage(cpuSeed0))
  await closeServerConns()
  const v = await rpc('verify', { samples: 2000, authors: [...Array(AUTHORS).keys()] })
  if (v.bad !== 0 || v.lengths.some((l) => l !== ENTRIES)) throw new Error(`catch-up verification failed: ${v.bad} bad samples`)
  out.catchup_entries = total
  out.catchup_ms = round(cu.ms, 1)
  out.catchup_entries_per_s = Math.round(total / (cu.ms / 1000))
  out.catchup_bytes = cu.bytesIn + cu.bytesOut
  out.catchup_bytes_seeder_to_reader = cu.bytesIn
  out.catchup_bytes_reader_to_seeder = cu.bytesOut
  out.catchup_entry_bytes = entryBytes
  out.cpu_s_seeder = round(cpuSeedCatchup, 3)
  out.cpu_s_reader = round(cu.cpu, 3)
  out.rss_peak_mb_seeder = round(maxRssMb(), 1)
  out.rss_peak_mb_reader = round(cu.rssMb, 1)
  log(`catch-up: ${total} entries in ${round(cu.ms / 1000, 2)} s = ${out.catchup_entries_per_s} entries/s; ` +
    `wire ${cu.bytesIn} B down + ${cu.bytesOut} B up (${round(out.catchup_bytes / entryBytes, 3)}x payload); ` +
    `CPU seeder ${out.cpu_s_seeder} s, reader ${out.cpu_s_reader} s; peak RSS seeder ${out.rss_peak_mb_seeder} MB, reader ${out.rss_peak_mb_reader} MB`)

  // ---- 2. in-sync check
  const maxK = Math.max(...INSYNC_KS)
  if (maxK > AUTHORS) {
    await openStore(maxK)
    t0 = now()
    await seed(AUTHORS, maxK, EXTRA_ENTRIES)
    await rpc('open', { keys: keysOf(maxK) })
    const pre = await rpc('catchup', { port, expect: lengths.slice(0, maxK) })
    await closeServerConns()
    log(`prepared ${maxK} authors for the in-sync check (${maxK - AUTHORS} extra x ${EXTRA_ENTRIES} entries, synced in ${round(pre.ms / 1000, 2)} s)`)
  }
  for (const K of INSYNC_KS) {
    const runs = []
    for (let r = 0; r < REPS; r++) {
      // Both sides hold exactly these K authors, as after a restart.
      await openStore(K)
      const keys = keysOf(K)
      await rpc('open', { keys })
      const res = await rpc('insync', { port, expect: lengths.slice(0, K) })
      await closeServerConns()
      runs.push(res)
      log(`in-sync K=${K} run ${r + 1}: ${round(res.ms, 1)} ms, ${res.bytesOut} B reader->seeder, ${res.bytesIn} B seeder->reader, ~${res.flights} round trips`)
    }
    const mid = runs.map((x) => x.ms)
    const pick = runs[runs.findIndex((x) => x.ms === median(mid))]
    out[`insync_bytes_${K}`] = pick.bytesIn + pick.bytesOut
    out[`insync_bytes_reader_to_seeder_${K}`] = pick.bytesOut
    out[`insync_bytes_seeder_to_reader_${K}`] = pick.bytesIn
    out[`insync_ms_${K}`] = round(median(mid), 1)
    out[`insync_rtts_${K}`] = pick.flights
    out[`insync_ms_runs_${K}`] = mid.map((x) => round(x, 1))
  }

  // ---- 3. live append latency (author 0, all AUTHORS cores replicated)
  await openStore(AUTHORS)
  await rpc('open', { keys: keysOf(AUTHORS) })
  const watch = 0
  const from = cores[watch].length
  await rpc('liveStart', { port, expect: lengths.slice(0, AUTHORS), watch })
  await sleep(200)
  const sent = []
  for (let i = 0; i < LIVE; i++) {
    const e = makeEntry(watch, from + i)
    sent.push(now())
    await cores[watch].append(e)
    await sleep(LIVE_GAP_MS)
  }
  const lv = await rpc('liveWait', { watch, from, count: LIVE })
  await closeServerConns()
  const lat = []
  let missing = 0
  for (let i = 0; i < LIVE; i++) {
    if (lv.recv[i] === null) { missing++; continue }
    lat.push(Number(BigInt(lv.recv[i]) - sent[i]) / 1e6)
  }
  lat.sort((a, b) => a - b)
  out.live_entries = LIVE
  out.live_missing_timestamps = missing
  out.live_p50_ms = round(percentile(lat, 50), 3)
  out.live_p99_ms = round(percentile(lat, 99), 3)
  out.live_max_ms = round(lat[lat.length - 1], 3)
  out.live_bytes = lv.bytesIn + lv.bytesOut
  log(`live: ${LIVE} appends ${LIVE_GAP_MS} ms apart: p50 ${out.live_p50_ms} ms, p99 ${out.live_p99_ms} ms, max ${out.live_max_ms} ms` +
    (missing ? ` (${missing} without a timestamp)` : ''))

  // ---- wrap up
  const fin = await rpc('finish', {})
  out.cpu_s_seeder_total = round(cpuSeconds(process.cpuUsage(cpuStart)), 3)
  out.cpu_s_reader_total = round(fin.cpuTotal, 3)
  out.rss_peak_mb_seeder_total = round(maxRssMb(), 1)
  out.rss_peak_mb_reader_total = round(fin.rssMb, 1)
  out.config = {
    hypercore: JSON.parse(fs.readFileSync(new URL('./node_modules/hypercore/package.json', import.meta.url))).version,
    corestore: JSON.parse(fs.readFileSync(new URL('./node_modules/corestore/package.json', import.meta.url))).version,
    node: process.version,
    authors: AUTHORS,
    entries_per_author: ENTRIES,
    insync_extra_entries_per_author: EXTRA_ENTRIES,
    reps: REPS,
    live_gap_ms: LIVE_GAP_MS,
    cpus: os.cpus().length
  }
  await new Promise((resolve) => child.once('exit', resolve) && child.disconnect())
  await store.close()
  server.close()
  cleanup()
  process.stdout.write(JSON.stringify(out) + '\n')
  clearTimeout(watchdog)
  process.exit(0)
}

if (ROLE === 'reader') {
  reader(process.argv[3]).catch((err) => { log(err.stack || err); process.exit(1) })
} else {
  seeder().catch((err) => { log('failed:', err.stack || err); process.exit(1) })
}
