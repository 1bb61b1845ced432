/** Paths of the archive pages, for links (the routes are matched in `router.ts`). */
const e = encodeURIComponent
export const archivePaths = {
  projects: () => '/projekter',
  project: (id: string) => `/projekter/${e(id)}`,
  recap: (id: string) => `/projekter/${e(id)}/recap`,
  snapshot: (id: string) => `/arkiv/${e(id)}`,
  share: (token: string) => `/s/${e(token)}`,
}
