export * from './fields.ts'
export * from './names.ts'
export * from './roots.ts'
export * from './way.ts'
