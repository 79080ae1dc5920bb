import {CaseIcon, DocumentTextIcon, OlistIcon, TagsIcon} from '@sanity/icons'
import type {DocumentListBuilder, StructureResolver} from 'sanity/structure'
import {AGENCY_LEVELS} from '../schemas/agency'

const API_VERSION = '2025-02-19'

export const structure: StructureResolver = (S) =>
  S.list()
    .title('Content')
    .items([
      S.listItem()
        .title('Articles')
        .icon(DocumentTextIcon)
        .child(
          S.documentTypeList('article')
            .title('Articles, newest first')
            .defaultOrdering([{field: 'publishedAt', direction: 'desc'}]),
        ),
      S.listItem()
        .title('Articles by agency')
        .icon(TagsIcon)
        .child(
          S.documentTypeList('agency')
            .title('Choose an agency')
            .child((agencyId) =>
              S.documentList()
                .title('Articles')
                .apiVersion(API_VERSION)
                .filter('_type == "article" && $agencyId in agencies[]._ref')
                .params({agencyId})
                .defaultOrdering([{field: 'publishedAt', direction: 'desc'}]),
            ),
        ),
      S.divider(),
      S.listItem()
        .title('Agency hierarchy')
        .icon(OlistIcon)
        .child(
          S.documentList()
            .title('Top-level agencies')
            .apiVersion(API_VERSION)
            .filter('_type == "agency" && !defined(parent)')
            .defaultOrdering([{field: 'name', direction: 'asc'}])
            .child(function agencyChildren(parentId: string): DocumentListBuilder {
              return S.documentList()
                .title('Under this agency')
                .apiVersion(API_VERSION)
                .filter('_type == "agency" && (parent._ref == $parentId || _id == $parentId)')
                .params({parentId})
                .defaultOrdering([{field: 'name', direction: 'asc'}])
                .child((childId: string) =>
                  childId === parentId ? S.document().documentId(childId).schemaType('agency') : agencyChildren(childId),
                )
            }),
        ),
      S.listItem()
        .title('Agencies by level')
        .icon(CaseIcon)
        .child(
          S.list()
            .title('Levels')
            .items(
              AGENCY_LEVELS.map((level) =>
                S.listItem()
                  .id(level.value)
                  .title(level.title)
                  .child(
                    S.documentList()
                      .title(level.title)
                      .apiVersion(API_VERSION)
                      .filter('_type == "agency" && level == $level')
                      .params({level: level.value})
                      .defaultOrdering([{field: 'name', direction: 'asc'}]),
                  ),
              ),
            ),
        ),
      S.documentTypeListItem('agency').title('All agencies'),
    ])
