import os from 'node:os'

/**
 * The one local user and the project around it: what Sanity's user,
 * project and access-control endpoints answer for a project with a single
 * administrator, no organization and no paid features.
 */

export const LOCAL_USER_ID = 'localEditor'

export interface LocalUser {
  id: string
  name: string
  email: string
  profileImage: null
  role: 'administrator'
  roles: {name: string; title: string; description: string}[]
  provider: 'local'
}

export interface ProjectInfo {
  projectId: string
  datasets: readonly string[]
  title: string
  user: LocalUser
  /** Server start, used as the project's timestamps. */
  createdAt: string
}

const ADMINISTRATOR_ROLE = {
  name: 'administrator',
  title: 'Administrator',
  description: 'Read and write access to all datasets, with full access to all project settings.',
}

export function localUser(name?: string): LocalUser {
  let login = 'editor'
  try {
    login = os.userInfo().username || login
  } catch {
    // No passwd entry (some containers): keep the default.
  }
  const display = name?.trim() || `Local editor (${login})`
  return {
    id: LOCAL_USER_ID,
    name: display,
    email: `${login.replace(/[^A-Za-z0-9._-]/g, '') || 'editor'}@localhost`,
    profileImage: null,
    role: 'administrator',
    roles: [ADMINISTRATOR_ROLE],
    provider: 'local',
  }
}

/** `GET /users/me`. */
export function currentUser(info: ProjectInfo): LocalUser {
  return info.user
}

/** `GET /users/{ids}`: one user object for one id, an array for several; unknown ids are left out. */
export function usersById(info: ProjectInfo, ids: readonly string[]): unknown {
  const found = ids
    .filter((id) => id === info.user.id || id === 'me')
    .map(() => ({
      id: info.user.id,
      projectId: info.projectId,
      displayName: info.user.name,
      familyName: null,
      givenName: null,
      middleName: null,
      imageUrl: null,
      createdAt: info.createdAt,
      updatedAt: info.createdAt,
      isCurrentUser: true,
    }))
  return ids.length === 1 ? (found[0] ?? null) : found
}

/** `GET /projects/{id}`. */
export function project(info: ProjectInfo): Record<string, unknown> {
  return {
    id: info.projectId,
    displayName: info.title,
    studioHost: null,
    isBlocked: false,
    isDisabled: false,
    isDisabledByUser: false,
    metadata: {color: '#2276fc', externalStudioHost: null},
    maxRetentionDays: 0,
    activityFeedEnabled: false,
    createdAt: info.createdAt,
    updatedAt: info.createdAt,
    organizationId: null,
    members: [
      {
        id: info.user.id,
        createdAt: info.createdAt,
        updatedAt: info.createdAt,
        isCurrentUser: true,
        isRobot: false,
        role: info.user.role,
        roles: info.user.roles.map(({name, title}) => ({name, title})),
      },
    ],
    features: [],
    pendingInvites: 0,
  }
}

/** `GET /projects/{id}/datasets`. */
export function datasets(info: ProjectInfo): {name: string; aclMode: 'private'; createdAt: string}[] {
  return info.datasets.map((name) => ({name, aclMode: 'private', createdAt: info.createdAt}))
}

/**
 * `GET /projects/{id}/datasets/{ds}/acl`: the administrator's grants, which
 * the Studio evaluates against each document.
 */
export function datasetAcl(): {filter: string; permissions: string[]}[] {
  return [{filter: '_id in path("**")', permissions: ['history', 'read', 'update', 'create']}]
}

/**
 * `GET /projects/{id}/grants`: project-level permissions (inviting members,
 * deploying studios, …). None of them exist locally.
 */
export function projectGrants(): Record<string, never> {
  return {}
}
