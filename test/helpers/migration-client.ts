import {createClient} from '@sanity/client'
import type {RestrictedClient} from '../../migrations/runner/execute'

/** `context.client` for migrations that must not use it: any use fails the test. */
export const noClient = new Proxy(createClient({projectId: 'unused', dataset: 'unused', apiVersion: '2025-02-19', useCdn: false}), {
  get(_target, property) {
    throw new Error(`context.client.${String(property)} used`)
  },
}) satisfies RestrictedClient
