import {describe, expect, it} from 'vitest'
import {generateReport} from '../scripts/bench/corpus'
import {STAGES, timeStages} from '../scripts/bench/stages'

describe('the benchmark’s stage breakdown', () => {
  it('replays every stage on each report that builds, and skips the ones that do not', () => {
    const texts = [generateReport(1), generateReport(2), '只有标题的报告']
    const times = timeStages(texts, 2)
    expect(times.reports).toBe(4)
    for (const stage of STAGES) expect(times.stages[stage], stage).toBeGreaterThanOrEqual(0)
    for (const stage of STAGES.filter((s) => s !== 'assembly')) expect(times.stages[stage], stage).toBeGreaterThan(0)
    expect(times.total).toBeGreaterThan(0)
  })
})
