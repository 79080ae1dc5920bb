import {describe, expect, it} from 'vitest'
import {Progress, summaryTable} from '../scripts/import/progress'
import type {FileReport, RunResult} from '../scripts/import/run'

function fakeStream(isTTY: boolean) {
  const writes: string[] = []
  const stream = {isTTY, write: (chunk: string) => writes.push(chunk) > 0} as unknown as NodeJS.WriteStream
  return {stream, writes}
}

const imported = (file: string): FileReport => ({
  file,
  status: 'imported',
  counts: {blocks: 10, metrics: 5, agencies: 2, documents: 3},
})

describe('progress', () => {
  it('redraws a bar with files, documents, metrics, rate and ETA on a terminal', () => {
    const {stream, writes} = fakeStream(true)
    const progress = new Progress(stream, {quiet: false})
    progress.update(imported('a.txt'), 1, 4)
    progress.update(imported('b.txt'), 4, 4)
    const last = writes.filter((w) => w.includes('files')).pop() ?? ''
    expect(last).toMatch(/^\r\x1b\[2K\[█{24}\] 4\/4 files · 6 documents · 10 metrics · [\d.]+ files\/s · ETA 0s$/)
    expect(writes.at(-1)).toBe('\n')
  })

  it('prints plain periodic lines when not on a terminal, and every error on its own line', () => {
    const {stream, writes} = fakeStream(false)
    const progress = new Progress(stream, {quiet: false, intervalMs: 60_000})
    progress.update(imported('a.txt'), 1, 3)
    progress.update({file: 'bad.txt', status: 'error', reason: 'empty file'}, 2, 3)
    progress.update(imported('c.txt'), 3, 3)
    expect(writes).toEqual([
      expect.stringMatching(/^progress: 1\/3 files · 3 documents · 5 metrics · /),
      'error: bad.txt: empty file\n',
      expect.stringMatching(/^progress: 3\/3 files · 6 documents · 10 metrics · .*\n$/),
    ])
    expect(writes.join('')).not.toContain('\x1b')
  })

  it('ends with a table of counts by status', () => {
    const result: RunResult = {
      reports: [],
      totals: {imported: 3, unchanged: 2, conflict: 1, skipped: 1, error: 4, ok: 0},
      documents: 7,
      metrics: 12,
    }
    result.reports.length = 11
    const lines = summaryTable(result).split('\n')
    expect(lines[0]).toBe('Summary')
    expect(lines.slice(1).map((line) => line.trim().split(/\s+/))).toEqual([
      ['imported', '3'],
      ['unchanged', '2'],
      ['conflict', '1'],
      ['skipped', '1'],
      ['error', '4'],
      ['total', '11'],
    ])
    // Columns line up.
    expect(new Set(lines.slice(1).map((line) => line.length)).size).toBe(1)
  })
})
