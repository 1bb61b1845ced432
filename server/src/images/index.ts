export { type CleanImage, cleanImage, contentHash, DEFAULT_IMAGE_LIMITS, type ImageLimits } from './validate.ts'
