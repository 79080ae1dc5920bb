import type {ImportedReport} from '../../migrations/report/build'
import {reconcile} from '../../migrations/report/reconcile'
import type {MutationInput} from '../../local/mutations'
import type {WriteStatus} from './target'

export interface StoredDocument {
  _id: string
  _type?: string
  _rev?: string
  source?: {importHash?: string}
  [field: string]: unknown
}

export interface PlanOptions {
  force?: boolean
  /** Write `drafts.<id>` for review and leave published documents alone. */
  drafts?: boolean
}

export interface ReportPlan {
  status: WriteStatus
  reason?: string
  /** Sanity mutations, the same for the local dataset and a real project. */
  mutations: MutationInput[]
  /** Documents the mutations create or replace. */
  written: number
}

/** Ids whose stored versions decide what an import of `report` does. */
export function idsToLookUp(report: ImportedReport, options: PlanOptions): string[] {
  const ids = [report.article._id, `drafts.${report.article._id}`]
  for (const agency of report.agencies) ids.push(agency._id, ...(options.drafts ? [`drafts.${agency._id}`] : []))
  return ids
}

/**
 * What an import of one report does to a dataset, given what the dataset
 * holds. Pure, so the local dataset and a remote project follow one set of
 * rules: new documents are created, untouched imports are replaced or left
 * as they are, and anything an editor changed is a conflict unless forced.
 * Agencies are shared by reports and owned by editors once created, so they
 * are only ever created when missing.
 */
export function planReport(
  report: ImportedReport,
  stored: ReadonlyMap<string, StoredDocument>,
  options: PlanOptions,
): ReportPlan {
  const {article} = report
  const articleId = options.drafts ? `drafts.${article._id}` : article._id
  const decision = reconcile(stored.get(articleId), article, {
    force: options.force,
    pendingDraft: !options.drafts && stored.has(`drafts.${article._id}`),
  })
  if (decision.action === 'conflict') {
    return {status: 'conflict', reason: `${decision.reason}; re-run with --force to overwrite`, mutations: [], written: 0}
  }

  const mutations: MutationInput[] = []
  for (const agency of report.agencies) {
    if (stored.has(agency._id)) continue
    const id = options.drafts ? `drafts.${agency._id}` : agency._id
    if (!stored.has(id)) mutations.push({createIfNotExists: {...agency, _id: id}})
  }
  if (decision.action === 'unchanged') {
    return {status: 'unchanged', mutations, written: mutations.length}
  }
  const current = stored.get(articleId)
  const document = {...article, _id: articleId}
  if (decision.action === 'create') {
    // createIfNotExists, not create: a retried request must not fail on its own earlier success.
    mutations.push({createIfNotExists: document})
  } else {
    // Guard the replace with the revision we decided on, so an edit made meanwhile is never lost.
    if (current?._rev) {
      mutations.push({patch: {id: articleId, ifRevisionID: current._rev, set: {_type: article._type}}})
    }
    mutations.push({createOrReplace: document})
  }
  return {status: 'imported', mutations, written: mutations.length}
}
