import {withSlug, type ImportedReport} from '../../migrations/report/build'
import {MAX_SLUG_LENGTH} from '../../migrations/report/slug'

/**
 * Keeps article slugs unique: two different reports with one title get the
 * second a stable suffix from its id, so re-runs give the same slugs.
 */
export class SlugRegistry {
  private readonly owners = new Map<string, string>()

  /** Records an existing article's slug (from a dataset being written to). */
  record(slug: string, articleId: string): void {
    if (!this.owners.has(slug)) this.owners.set(slug, articleId.replace(/^drafts\./, ''))
  }

  claim(report: ImportedReport): ImportedReport {
    const {article} = report
    const owner = this.owners.get(article.slug.current)
    const unique = owner && owner !== article._id ? withSlug(report, suffixed(article.slug.current, article._id.slice(-6))) : report
    this.owners.set(unique.article.slug.current, article._id)
    return unique
  }
}

/** `slug-suffix`, with the slug cut at a word boundary so the whole still fits the slug limit. */
function suffixed(slug: string, suffix: string): string {
  const room = MAX_SLUG_LENGTH - suffix.length - 1
  let base = slug
  if (base.length > room) {
    base = base.slice(0, room)
    const cut = base.lastIndexOf('-')
    if (cut > 0) base = base.slice(0, cut)
  }
  return `${base}-${suffix}`
}
