export { type AppOptions, buildApp } from './app.ts'
export { type Config, loadConfig } from './config.ts'
