export { createRedisFanout, type RedisFanoutOptions, reconnectDelay } from './redis.ts'
