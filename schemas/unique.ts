import type {SlugIsUniqueValidator, ValidationContext} from 'sanity'

const API_VERSION = '2025-02-19'

/**
 * Offline (`sanity documents validate --file` with no network, or a local
 * dataset with no account) the dataset cannot be asked whether a value is
 * taken. Those checks are skipped rather than reported as failures, because
 * the file itself is what is being validated; every other error still fails.
 */
function unreachable(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${String((error as {code?: unknown}).code ?? '')}` : String(error)
  return /ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ENETUNREACH|ECONNRESET|fetch failed|Network error|Unauthorized|401/i.test(text)
}

async function countOthers(
  context: ValidationContext,
  filter: string,
  params: Record<string, string>,
): Promise<number | undefined> {
  const id = context.document?._id?.replace(/^drafts\./, '') ?? ''
  try {
    return await context
      .getClient({apiVersion: API_VERSION})
      .fetch<number>(`count(*[${filter} && !(_id in [$id, $draftId])])`, {...params, id, draftId: `drafts.${id}`})
  } catch (error) {
    if (unreachable(error)) return undefined
    throw error
  }
}

/** True when no other document of the type has this value in `field`. */
export async function isUniqueValue(
  type: string,
  field: string,
  value: string,
  context: ValidationContext,
): Promise<boolean> {
  const others = await countOthers(context, `_type == $type && ${field} == $value`, {type, value})
  return others === undefined || others === 0
}

export const isUniqueSlug: SlugIsUniqueValidator = async (slug, context) => {
  const type = context.document?._type ?? ''
  return isUniqueValue(type, 'slug.current', slug, context)
}
