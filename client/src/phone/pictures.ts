/**
 * A phone's pictures, loaded only when a young person takes a photo, draws,
 * or has a picture label waiting: scaling a photo down before it is sent,
 * the finger-drawing canvas, and the IndexedDB shelf a waiting picture sits
 * on until the server has it (localStorage holds strings of a few MB at
 * most; IndexedDB holds the image itself and survives a reload).
 *
 * It imports nothing from the phone's script, on purpose: that script is
 * inlined and has no URL, so this chunk cannot share React or Yjs with it
 * (client/scripts/bundle-size.mjs checks). The React composer calls these
 * plain functions. Its texts (the `pictures` area of every language file) are
 * bundled in, so they cost the phone's first script nothing.
 */

const TEXTS = import.meta.glob<Record<string, string>>('../../../shared/locales/*.json', {
  query: { area: 'pictures' },
  import: 'default',
  eager: true,
})
type TextKey = 'canvas' | 'undo' | 'clear' | 'done' | 'cancel' | 'preview' | 'remove' | 'unreadable' | 'waits'
/** A `pictures` text in language `lang`, Danish where that language lacks it. */
const text = (lang: string, key: TextKey | 'textOptional' | 'photoText' | 'drawingText'): string => {
  const of = (code: string) => TEXTS[`../../../shared/locales/${code}.json`]?.[key]
  return of(lang) ?? of('da') ?? key
}

/** Longest side, in px, of a picture a phone sends. */
export const MAX_SIDE = 1280
/** Size a picture is squeezed under before sending, in bytes. */
export const MAX_BYTES = 300 * 1024

function canvasBlob(canvas: HTMLCanvasElement, quality: number): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encode failed'))), 'image/jpeg', quality),
  )
}

/** Draws `source` at most `side` px on its longest side onto a white canvas. */
function draw(source: CanvasImageSource, width: number, height: number, side: number): HTMLCanvasElement {
  const scale = Math.min(1, side / Math.max(width, height))
  const canvas = document.createElement('canvas')
  canvas.width = Math.max(1, Math.round(width * scale))
  canvas.height = Math.max(1, Math.round(height * scale))
  const g = canvas.getContext('2d')
  if (!g) throw new Error('no canvas')
  // White under a transparent PNG, as JPEG has no transparency.
  g.fillStyle = '#ffffff'
  g.fillRect(0, 0, canvas.width, canvas.height)
  g.drawImage(source, 0, 0, canvas.width, canvas.height)
  return canvas
}

/** JPEG of the canvas under {@link MAX_BYTES}: lower quality first, then fewer pixels. */
async function squeeze(canvas: HTMLCanvasElement): Promise<Blob> {
  let c = canvas
  for (;;) {
    for (const q of [0.85, 0.72, 0.6]) {
      const blob = await canvasBlob(c, q)
      if (blob.size <= MAX_BYTES) return blob
    }
    if (Math.max(c.width, c.height) < 320) return canvasBlob(c, 0.5)
    c = draw(c, c.width, c.height, Math.round(Math.max(c.width, c.height) * 0.75))
  }
}

async function decode(file: Blob): Promise<{ source: CanvasImageSource; width: number; height: number }> {
  if (typeof createImageBitmap === 'function') {
    try {
      // Upright as the camera meant it: the server drops the EXIF that says how to turn it.
      const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
      return { source: bitmap, width: bitmap.width, height: bitmap.height }
    } catch {
      // Some browsers decode more through <img>: try that.
    }
  }
  const url = URL.createObjectURL(file)
  try {
    const img = new Image()
    img.src = url
    await img.decode()
    return { source: img, width: img.naturalWidth, height: img.naturalHeight }
  } finally {
    URL.revokeObjectURL(url)
  }
}

/** A photo from the camera or the gallery, at most {@link MAX_SIDE} px and {@link MAX_BYTES}, as JPEG. */
export async function scaleImage(file: Blob): Promise<Blob> {
  const { source, width, height } = await decode(file)
  if (width < 1 || height < 1) throw new Error('empty picture')
  return squeeze(draw(source, width, height, MAX_SIDE))
}

type Texts = (key: TextKey) => string

/** A picture made ready to send. */
export interface Picked {
  blob: Blob
  kind: 'photo' | 'drawing'
  /** What the label says when the young person writes nothing ("Foto", "Tegning"). */
  text: string
}

/**
 * Makes a label's picture in `container`: scales `file` (a photo from the camera or gallery), or
 * without a file opens the drawing canvas; then shows a preview with a remove button there (and,
 * when `held`, that it waits for approval). Calls
 * `onChange` with the picture, and with null when it is removed.
 */
export async function pick(
  container: HTMLElement,
  file: Blob | undefined,
  colour: string,
  /** The picture will wait for the facilitator's approval: the preview says so. */
  held: boolean,
  /** The phone's language. */
  lang: string,
  onChange: (p: Picked | null) => void,
): Promise<void> {
  const t: Texts = (key) => text(lang, key)
  let picked: Picked
  try {
    const blob = file ? await scaleImage(file) : await openDrawing(container, colour, t)
    if (!blob) return
    const kind = file ? 'photo' : 'drawing'
    picked = { blob, kind, text: text(lang, `${kind}Text`) }
  } catch {
    const error = document.createElement('p')
    error.className = 'error'
    error.setAttribute('role', 'alert')
    error.textContent = t('unreadable')
    container.replaceChildren(error)
    return
  }
  const url = URL.createObjectURL(picked.blob)
  const img = document.createElement('img')
  img.src = url
  img.alt = t('preview')
  img.className = 'picture__preview'
  const remove = document.createElement('button')
  remove.type = 'button'
  remove.className = 'button'
  remove.textContent = t('remove')
  remove.onclick = () => {
    container.replaceChildren()
    onChange(null)
  }
  // The preview goes when the composer empties the container (sent or removed): free its pixels then.
  new MutationObserver((_, o) => {
    if (!container.contains(img)) {
      URL.revokeObjectURL(url)
      o.disconnect()
    }
  }).observe(container, { childList: true })
  const note = document.createElement('p')
  note.className = 'hint'
  note.textContent = `${held ? `${t('waits')} ` : ''}${text(lang, 'textOptional')}`
  container.replaceChildren(img, remove, note)
  onChange(picked)
}

/**
 * A square drawing canvas in `container` with a pen in `colour` (pointer
 * events: finger, pen or mouse), undo, clear, done and cancel. Resolves with
 * the drawing as a JPEG when done (null if cancelled or nothing was drawn),
 * and leaves the container empty.
 */
export function openDrawing(container: HTMLElement, colour: string, t: Texts): Promise<Blob | null> {
  const side = Math.max(200, Math.min(container.clientWidth || 320, 640))
  const ratio = Math.min(2, window.devicePixelRatio || 1)
  const canvas = document.createElement('canvas')
  canvas.width = Math.round(side * ratio)
  canvas.height = Math.round(side * ratio)
  canvas.className = 'drawing__canvas'
  canvas.setAttribute('role', 'img')
  canvas.setAttribute('aria-label', t('canvas'))
  canvas.style.width = `${side}px`
  canvas.style.height = `${side}px`
  // The finger draws: it does not scroll or zoom the page.
  canvas.style.touchAction = 'none'
  const g = canvas.getContext('2d')
  const strokes: { x: number; y: number }[][] = []
  let current: { x: number; y: number }[] | null = null

  const paint = () => {
    if (!g) return
    g.fillStyle = '#ffffff'
    g.fillRect(0, 0, canvas.width, canvas.height)
    g.strokeStyle = colour
    g.lineWidth = 6 * ratio
    g.lineCap = 'round'
    g.lineJoin = 'round'
    for (const s of strokes) {
      const [first, ...rest] = s
      if (!first) continue
      g.beginPath()
      g.moveTo(first.x, first.y)
      // A dot is a stroke of one point: draw it as a tiny line so it shows.
      if (rest.length === 0) g.lineTo(first.x + 0.1, first.y)
      for (const p of rest) g.lineTo(p.x, p.y)
      g.stroke()
    }
  }
  const at = (e: PointerEvent) => {
    const r = canvas.getBoundingClientRect()
    return { x: ((e.clientX - r.left) / r.width) * canvas.width, y: ((e.clientY - r.top) / r.height) * canvas.height }
  }
  canvas.addEventListener('pointerdown', (e) => {
    e.preventDefault()
    canvas.setPointerCapture?.(e.pointerId)
    current = [at(e)]
    strokes.push(current)
    paint()
  })
  canvas.addEventListener('pointermove', (e) => {
    if (!current) return
    current.push(at(e))
    paint()
  })
  const end = () => {
    current = null
  }
  canvas.addEventListener('pointerup', end)
  canvas.addEventListener('pointercancel', end)

  const row = document.createElement('div')
  row.className = 'drawing__tools'
  const button = (text: string, primary = false) => {
    const b = document.createElement('button')
    b.type = 'button'
    b.className = primary ? 'button button--primary' : 'button'
    b.textContent = text
    row.append(b)
    return b
  }
  const undo = button(t('undo'))
  const clear = button(t('clear'))
  const cancel = button(t('cancel'))
  const done = button(t('done'), true)
  undo.onclick = () => {
    strokes.pop()
    paint()
  }
  clear.onclick = () => {
    strokes.length = 0
    paint()
  }
  container.replaceChildren(canvas, row)
  paint()

  return new Promise((resolve) => {
    const finish = (blob: Blob | null) => {
      container.replaceChildren()
      resolve(blob)
    }
    cancel.onclick = () => finish(null)
    done.onclick = () => {
      if (strokes.length === 0) return finish(null)
      squeeze(draw(canvas, canvas.width, canvas.height, MAX_SIDE)).then(finish, () => finish(null))
    }
  })
}

// ---------------------------------------------------------------------------
// The shelf: pictures of labels waiting to be sent, by key, in IndexedDB.

const DB = 'vaegavis-pictures'
const STORE = 'pictures'
/** Where IndexedDB is unavailable (some private modes) a picture still waits, until a reload. */
const memory = new Map<string, Blob>()
let opening: Promise<IDBDatabase | null> | null = null

function db(): Promise<IDBDatabase | null> {
  opening ??= new Promise((resolve) => {
    try {
      const req = indexedDB.open(DB, 1)
      req.onupgradeneeded = () => req.result.createObjectStore(STORE)
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => resolve(null)
      req.onblocked = () => resolve(null)
    } catch {
      resolve(null)
    }
  })
  return opening
}

async function run<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const d = await db()
  if (!d) throw new Error('no IndexedDB')
  return new Promise((resolve, reject) => {
    const tx = d.transaction(STORE, mode)
    const req = op(tx.objectStore(STORE))
    // Resolved once the transaction is durable, not when the request is queued.
    tx.oncomplete = () => resolve(req.result)
    tx.onerror = () => reject(tx.error)
    tx.onabort = () => reject(tx.error)
  })
}

/** Keeps a waiting label's picture; resolves once it is stored. */
export async function shelvePicture(key: string, blob: Blob): Promise<void> {
  try {
    // As bytes: some browsers cannot store a Blob in IndexedDB.
    const bytes = await blob.arrayBuffer()
    await run('readwrite', (s) => s.put({ type: blob.type, bytes }, key))
  } catch {
    memory.set(key, blob)
  }
}

/** A waiting label's picture, or undefined when it is gone (storage cleared). */
export async function shelvedPicture(key: string): Promise<Blob | undefined> {
  const kept = memory.get(key)
  if (kept) return kept
  try {
    const v = (await run('readonly', (s) => s.get(key))) as { type: string; bytes: ArrayBuffer } | undefined
    return v ? new Blob([v.bytes], { type: v.type }) : undefined
  } catch {
    return undefined
  }
}

/** Forgets a picture the server has. */
export async function unshelvePicture(key: string): Promise<void> {
  memory.delete(key)
  try {
    await run('readwrite', (s) => s.delete(key))
  } catch {
    // Nothing stored, or storage is gone: nothing to forget.
  }
}

/** A refusal: the HTTP status (0: no network) and the error code of the body. */
export interface Refused {
  status: number
  code: string
}

/**
 * One POST through the client's one fetch wrapper (api.ts `request`), handed in by the caller: this
 * chunk imports nothing, so it cannot import the wrapper. Resolves to the answer or to the refusal.
 */
export type Post = (path: string, body: Blob | Record<string, unknown>) => Promise<Record<string, unknown>>

/**
 * Sends a waiting picture label: its picture from the shelf to `${board}/images`, then the label
 * naming it to `${board}/labels`; both are safe to repeat (same bytes, same hash; the label's id is
 * stored once). Forgets the picture once the label is stored or refused for good (the statuses
 * phone/outbox.ts `isFinalRefusal` gives up on). A picture gone from the shelf is refused as
 * VGA_ERR_IMAGE_INVALID: sending again cannot help.
 */
export async function sendPictureLabel(
  board: string,
  post: Post,
  key: string,
  label: Record<string, unknown>,
): Promise<{ status: string; photo: string } | Refused> {
  const blob = await shelvedPicture(key)
  if (!blob) return { status: 400, code: 'VGA_ERR_IMAGE_INVALID' }
  const up = await post(`${board}/images`, blob)
  const r = typeof up.hash === 'string' ? await post(`${board}/labels`, { ...label, photo: up.hash }) : up
  if (typeof r.status === 'string') {
    await unshelvePicture(key)
    return { status: r.status, photo: up.hash as string }
  }
  const refused = r as unknown as Refused
  // Refused for good (not a picture, not theirs, the colour gone): the phone gives the label up, so its picture goes.
  if ([400, 403, 404, 413, 415].includes(refused.status)) await unshelvePicture(key)
  return refused
}
