import type {SanityDocument} from '../dataset-store'
import {applyMutations, isValidDocumentId, MutationFailure, parseMutations, type PatchOperations} from '../mutations'

/**
 * Content Lake's Actions API (`POST /data/actions/{dataset}`), the
 * document-level operations the Studio uses: create, edit, publish,
 * unpublish, discard, delete and replaceDraft, applied to the working copy
 * of one transaction so a request is all or nothing. Release and version
 * actions need content releases, which are off locally.
 */

export type DocumentAction =
  | {actionType: 'sanity.action.document.create'; publishedId: string; attributes: Record<string, unknown>; ifExists: 'fail' | 'ignore'}
  | {actionType: 'sanity.action.document.edit'; draftId: string; publishedId: string; patch: PatchOperations}
  | {
      actionType: 'sanity.action.document.publish'
      draftId: string
      publishedId: string
      ifDraftRevisionId?: string
      ifPublishedRevisionId?: string
    }
  | {actionType: 'sanity.action.document.unpublish'; draftId: string; publishedId: string}
  | {actionType: 'sanity.action.document.discard'; draftId: string; purge?: boolean}
  | {actionType: 'sanity.action.document.delete'; publishedId: string; includeDrafts: string[]; purge?: boolean}
  | {actionType: 'sanity.action.document.replaceDraft'; publishedId: string; attributes: Record<string, unknown>}
  /** Versions: the draft is the one version a project without content releases has. */
  | {actionType: 'sanity.action.document.version.discard'; versionId: string; purge?: boolean}
  | {actionType: 'sanity.action.document.version.create'; publishedId: string; document: Record<string, unknown>}
  | {actionType: 'sanity.action.document.version.create'; publishedId: string; baseId: string; versionId: string; ifBaseRevisionId?: string}
  | {actionType: 'sanity.action.document.version.replace'; document: Record<string, unknown>}

export interface ActionsRequest {
  actions: DocumentAction[]
  transactionId: string | undefined
  dryRun: boolean
}

const DRAFTS_PREFIX = 'drafts.'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function fail(statusCode: number, index: number, type: string, description: string, extra: Record<string, unknown> = {}): never {
  throw new MutationFailure(statusCode, [{error: {type, description, ...extra}, index}])
}

function invalid(index: number, description: string): never {
  return fail(400, index, 'invalidActionError', description)
}

function stringField(action: Record<string, unknown>, key: string, index: number): string {
  const value = action[key]
  if (typeof value !== 'string' || value === '') invalid(index, `${String(action.actionType)}: "${key}" must be a non-empty string`)
  return value
}

function documentId(action: Record<string, unknown>, key: string, index: number): string {
  const id = stringField(action, key, index)
  if (!isValidDocumentId(id)) fail(400, index, 'invalidDocumentIdError', `Malformed document ID: ${JSON.stringify(id)}`, {id})
  return id
}

function publishedId(action: Record<string, unknown>, index: number): string {
  const id = documentId(action, 'publishedId', index)
  if (id.startsWith(DRAFTS_PREFIX) || id.startsWith('versions.') || id.startsWith('_.')) {
    invalid(index, `"publishedId" must be a published document ID, got ${JSON.stringify(id)}`)
  }
  return id
}

/** The draft id must be `drafts.<publishedId>` (versions belong to releases, which are off). */
function draftId(action: Record<string, unknown>, index: number, published?: string): string {
  const id = documentId(action, 'draftId', index)
  if (!id.startsWith(DRAFTS_PREFIX)) {
    if (id.startsWith('versions.')) fail(400, index, 'featureDisabledError', 'Content releases are not enabled for this project')
    invalid(index, `"draftId" must start with "drafts.", got ${JSON.stringify(id)}`)
  }
  if (published !== undefined && id !== `${DRAFTS_PREFIX}${published}`) {
    invalid(index, `"draftId" ${JSON.stringify(id)} does not belong to "publishedId" ${JSON.stringify(published)}`)
  }
  return id
}

function optionalString(action: Record<string, unknown>, key: string, index: number): string | undefined {
  const value = action[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') invalid(index, `"${key}" must be a string`)
  return value
}

function releasesOff(index: number, what: string): never {
  return fail(400, index, 'featureDisabledError', `${what}: content releases are not enabled for this project`)
}

/** A version id of `published`: its draft, or (when it already exists) a release version. */
function versionIdOf(id: string, index: number, published?: string): string {
  if (!isValidDocumentId(id)) fail(400, index, 'invalidDocumentIdError', `Malformed document ID: ${JSON.stringify(id)}`, {id})
  const base = id.startsWith(DRAFTS_PREFIX) ? id.slice(DRAFTS_PREFIX.length) : /^versions\.[^.]+\.(.+)$/.exec(id)?.[1]
  if (base === undefined) invalid(index, `${JSON.stringify(id)} is not a version ID (drafts.<id> or versions.<release>.<id>)`)
  if (published !== undefined && base !== published) invalid(index, `${JSON.stringify(id)} is not a version of ${JSON.stringify(published)}`)
  return id
}

/** Validates a request body; throws MutationFailure (400) naming the offending action. */
export function parseActionsRequest(body: Record<string, unknown>, transactionIdParam: string | null): ActionsRequest {
  const raw = Array.isArray(body.actions) ? body.actions : isRecord(body.actions) ? [body.actions] : undefined
  if (!raw || raw.length === 0) invalid(0, 'Request body must have a non-empty "actions" array')
  const actions = raw.map((item: unknown, index): DocumentAction => {
    if (!isRecord(item)) return invalid(index, 'An action must be an object')
    const type = item.actionType
    switch (type) {
      case 'sanity.action.document.create': {
        const published = publishedId(item, index)
        if (!isRecord(item.attributes)) return invalid(index, 'create: "attributes" must be a document object')
        const ifExists = item.ifExists ?? 'fail'
        if (ifExists !== 'fail' && ifExists !== 'ignore') return invalid(index, 'create: "ifExists" must be "fail" or "ignore"')
        return {actionType: type, publishedId: published, attributes: item.attributes, ifExists}
      }
      case 'sanity.action.document.edit': {
        const published = publishedId(item, index)
        if (!isRecord(item.patch)) return invalid(index, 'edit: "patch" must be an object')
        const {id: _id, query: _query, ...operations} = item.patch
        // Checked by the mutation parser, with the draft as its target.
        parseMutations([{patch: {...operations, id: `${DRAFTS_PREFIX}${published}`}}])
        return {actionType: type, draftId: draftId(item, index, published), publishedId: published, patch: operations as PatchOperations}
      }
      case 'sanity.action.document.publish': {
        const published = publishedId(item, index)
        return {
          actionType: type,
          draftId: draftId(item, index, published),
          publishedId: published,
          ifDraftRevisionId: optionalString(item, 'ifDraftRevisionId', index),
          ifPublishedRevisionId: optionalString(item, 'ifPublishedRevisionId', index),
        }
      }
      case 'sanity.action.document.unpublish': {
        const published = publishedId(item, index)
        return {actionType: type, draftId: draftId(item, index, published), publishedId: published}
      }
      case 'sanity.action.document.discard':
        return {actionType: type, draftId: draftId(item, index), purge: item.purge === true}
      case 'sanity.action.document.delete': {
        const published = publishedId(item, index)
        const drafts = item.includeDrafts ?? []
        if (!Array.isArray(drafts) || !drafts.every((id) => typeof id === 'string')) {
          return invalid(index, 'delete: "includeDrafts" must be an array of draft IDs')
        }
        for (const id of drafts) draftId({actionType: type, draftId: id}, index, published)
        return {actionType: type, publishedId: published, includeDrafts: drafts, purge: item.purge === true}
      }
      case 'sanity.action.document.replaceDraft': {
        const published = publishedId(item, index)
        if (!isRecord(item.attributes)) return invalid(index, 'replaceDraft: "attributes" must be a document object')
        return {actionType: type, publishedId: published, attributes: item.attributes}
      }
      case 'sanity.action.document.version.discard':
        return {actionType: type, versionId: versionIdOf(stringField(item, 'versionId', index), index), purge: item.purge === true}
      case 'sanity.action.document.version.create': {
        const published = publishedId(item, index)
        if (isRecord(item.document)) {
          const id = versionIdOf(typeof item.document._id === 'string' ? item.document._id : '', index, published)
          if (!id.startsWith(DRAFTS_PREFIX)) releasesOff(index, type)
          return {actionType: type, publishedId: published, document: item.document}
        }
        const versionId = versionIdOf(stringField(item, 'versionId', index), index, published)
        if (!versionId.startsWith(DRAFTS_PREFIX)) releasesOff(index, type)
        return {
          actionType: type,
          publishedId: published,
          baseId: documentId(item, 'baseId', index),
          versionId,
          ifBaseRevisionId: optionalString(item, 'ifBaseRevisionId', index),
        }
      }
      case 'sanity.action.document.version.replace': {
        if (!isRecord(item.document)) return invalid(index, 'version.replace: "document" must be a document object')
        const id = versionIdOf(typeof item.document._id === 'string' ? item.document._id : '', index)
        if (!id.startsWith(DRAFTS_PREFIX)) releasesOff(index, type)
        return {actionType: type, document: item.document}
      }
      default:
        if (
          typeof type === 'string' &&
          (type.startsWith('sanity.action.release.') ||
            type.startsWith('sanity.action.document.version.') ||
            type.startsWith('sanity.action.variant.'))
        ) {
          return releasesOff(index, type)
        }
        return invalid(index, `Unknown action type ${JSON.stringify(type)}`)
    }
  })
  const fromBody = typeof body.transactionId === 'string' ? body.transactionId : undefined
  return {actions, transactionId: transactionIdParam ?? fromBody, dryRun: body.dryRun === true}
}

/** A copy of `doc` under another id, without the fields the store sets. */
function copyAs(doc: SanityDocument, id: string): SanityDocument {
  const {_rev: _omitRev, _originalId: _omitOriginal, ...rest} = doc
  return {...rest, _id: id}
}

function attributesAs(attributes: Record<string, unknown>, id: string, index: number): SanityDocument {
  const {_rev: _omitRev, ...rest} = attributes
  if (typeof rest._type !== 'string' || rest._type === '') invalid(index, 'The document in "attributes" needs a _type')
  return {...rest, _id: id, _type: rest._type}
}

function notFound(index: number, id: string, what: string): never {
  return fail(404, index, 'documentNotFoundError', `${what}: document ${JSON.stringify(id)} not found`, {id})
}

function conflict(index: number, id: string, expected: string | undefined, actual: string | undefined): never {
  return fail(
    409,
    index,
    'documentRevisionIDDoesNotMatchError',
    `Document ${JSON.stringify(id)} has unexpected revision ID (${JSON.stringify(actual ?? null)}), expected ${JSON.stringify(expected ?? null)}`,
    {id, currentRevisionID: actual ?? null, expectedRevisionID: expected ?? null},
  )
}

/** Applies the actions in order to a transaction's working copy; throws MutationFailure on the first that fails. */
export async function applyActions(
  docs: Map<string, SanityDocument>,
  actions: readonly DocumentAction[],
  options: {queryTimeoutMs?: number} = {},
): Promise<void> {
  for (const [index, action] of actions.entries()) {
    switch (action.actionType) {
      case 'sanity.action.document.create': {
        const target = typeof action.attributes._id === 'string' ? action.attributes._id : `${DRAFTS_PREFIX}${action.publishedId}`
        if (target !== action.publishedId && target !== `${DRAFTS_PREFIX}${action.publishedId}`) {
          invalid(index, `create: attributes._id ${JSON.stringify(target)} does not belong to ${JSON.stringify(action.publishedId)}`)
        }
        if (docs.has(action.publishedId) && target !== action.publishedId) {
          fail(409, index, 'documentAlreadyExistsError', `The published document ${JSON.stringify(action.publishedId)} already exists; edit it instead`, {id: action.publishedId})
        }
        if (docs.has(target)) {
          if (action.ifExists === 'ignore') break
          fail(409, index, 'documentAlreadyExistsError', `Document by ID ${JSON.stringify(target)} already exists`, {id: target})
        }
        docs.set(target, attributesAs(action.attributes, target, index))
        break
      }
      case 'sanity.action.document.edit': {
        if (!docs.has(action.draftId)) {
          const published = docs.get(action.publishedId)
          if (!published) notFound(index, action.publishedId, 'edit: neither the draft nor the published version exists')
          docs.set(action.draftId, copyAs(published, action.draftId))
        }
        try {
          await applyMutations(docs, [{patch: {...action.patch, id: action.draftId}}], {queryTimeoutMs: options.queryTimeoutMs})
        } catch (error) {
          // Report the failure at this action's index.
          if (error instanceof MutationFailure) throw new MutationFailure(error.statusCode, error.items.map((item) => ({...item, index})))
          throw error
        }
        break
      }
      case 'sanity.action.document.publish': {
        const draft = docs.get(action.draftId)
        if (!draft) notFound(index, action.draftId, 'publish: there is no draft to publish')
        const published = docs.get(action.publishedId)
        if (action.ifDraftRevisionId !== undefined && action.ifDraftRevisionId !== draft._rev) {
          conflict(index, action.draftId, action.ifDraftRevisionId, draft._rev)
        }
        if (action.ifPublishedRevisionId !== undefined && action.ifPublishedRevisionId !== published?._rev) {
          conflict(index, action.publishedId, action.ifPublishedRevisionId, published?._rev)
        }
        docs.set(action.publishedId, copyAs(draft, action.publishedId))
        docs.delete(action.draftId)
        break
      }
      case 'sanity.action.document.unpublish': {
        const published = docs.get(action.publishedId)
        if (!published) notFound(index, action.publishedId, 'unpublish: the document is not published')
        if (!docs.has(action.draftId)) docs.set(action.draftId, copyAs(published, action.draftId))
        docs.delete(action.publishedId)
        break
      }
      case 'sanity.action.document.discard': {
        if (!docs.has(action.draftId)) notFound(index, action.draftId, 'discard: there is no draft to discard')
        docs.delete(action.draftId)
        break
      }
      case 'sanity.action.document.delete': {
        const listed = new Set(action.includeDrafts)
        const versionsSuffix = `.${action.publishedId}`
        for (const id of docs.keys()) {
          const isDraftOf = id === `${DRAFTS_PREFIX}${action.publishedId}` || (id.startsWith('versions.') && id.endsWith(versionsSuffix))
          if (isDraftOf && !listed.has(id)) {
            fail(409, index, 'documentHasDraftsError', `delete: ${JSON.stringify(id)} exists; list it in includeDrafts to delete it too`, {id})
          }
        }
        if (!docs.has(action.publishedId) && ![...listed].some((id) => docs.has(id))) {
          notFound(index, action.publishedId, 'delete: nothing to delete')
        }
        docs.delete(action.publishedId)
        for (const id of listed) docs.delete(id)
        break
      }
      case 'sanity.action.document.replaceDraft': {
        const draft = `${DRAFTS_PREFIX}${action.publishedId}`
        if (!docs.has(draft) && !docs.has(action.publishedId)) {
          notFound(index, action.publishedId, 'replaceDraft: neither the draft nor the published version exists')
        }
        docs.set(draft, attributesAs(action.attributes, draft, index))
        break
      }
      case 'sanity.action.document.version.discard': {
        if (!docs.has(action.versionId)) notFound(index, action.versionId, 'version.discard: there is no such version')
        docs.delete(action.versionId)
        break
      }
      case 'sanity.action.document.version.create': {
        let id: string
        let doc: SanityDocument
        if ('document' in action) {
          id = String(action.document._id)
          doc = attributesAs(action.document, id, index)
        } else {
          const base = docs.get(action.baseId)
          if (!base) notFound(index, action.baseId, 'version.create: the base document')
          if (action.ifBaseRevisionId !== undefined && action.ifBaseRevisionId !== base._rev) {
            conflict(index, action.baseId, action.ifBaseRevisionId, base._rev)
          }
          id = action.versionId
          doc = copyAs(base, id)
        }
        if (docs.has(id)) fail(409, index, 'documentAlreadyExistsError', `Document by ID ${JSON.stringify(id)} already exists`, {id})
        docs.set(id, doc)
        break
      }
      case 'sanity.action.document.version.replace': {
        const id = String(action.document._id)
        if (!docs.has(id)) notFound(index, id, 'version.replace: there is no such version')
        docs.set(id, attributesAs(action.document, id, index))
        break
      }
    }
  }
}
