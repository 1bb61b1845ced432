/**
 * The meeting in the room: the projector read from the back of the room, labels
 * that arrive later landing in sight, and every step the facilitator takes from
 * the wall (save, export, templates, recap, share links). What is rendered is
 * measured from the Konva stage through the test bridge: text size in screen
 * pixels, rectangles, the share of the screen the wall uses.
 */
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Page } from '@playwright/test'
import { addLabel, CSRF_HEADER, LabelKind, setLabelTheme, unsortedSlot } from '@vaegavis/shared'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import {
  ArchivePage,
  expect as baseExpect,
  FacilitationWall,
  FacilitatorPage,
  openProjector,
  ParticipantPhone,
  PhoneView,
  test,
} from '../fixtures/index.ts'

const PROJECTOR_PICTURE = resolve(import.meta.dirname, '../../docs/projector.png')
const SHOTS = resolve(import.meta.dirname, '../../.reports/room')

test.describe.configure({ timeout: 240_000 })
test.use({ viewport: { width: 1600, height: 900 } })
const expect = baseExpect.configure({ timeout: 20_000 })

const SCREEN = { width: 1920, height: 1080 }
const PANEL = 360

/** Five themes of eight labels, as young people write them: short, some over two lines. */
const THEMES: Record<string, string[]> = {
  'Mere at lave': [
    'Filmaften hver fredag',
    'Bal i klubben',
    'Turnering i FIFA',
    'Lær at lave mad sammen',
    'Tur til stranden',
    'Flere brætspil',
    'Koncert med lokale bands',
    'Klatrevæg i hallen',
  ],
  Tryghed: [
    'Mørkt ved cykelskuret',
    'Lys på stien hjem',
    'Nogle bliver holdt udenfor',
    'Voksne der lytter',
    'Ingen råben',
    'Et sted at snakke i fred',
    'Følges hjem om aftenen',
    'Kamera ved indgangen',
  ],
  'Et sted at være': [
    'Åbent til kl. 22 om fredagen',
    'Sofaer i hjørnet',
    'Et stille rum til lektier',
    'Musik vi selv vælger',
    'Wifi der virker',
    'Varmt om vinteren',
    'Plads til at male',
    'Eget rum for pigerne',
  ],
  Skolen: [
    'Lektiehjælp om tirsdagen',
    'Mindre pres',
    'Hjælp til praktik',
    'Lærere der forstår',
    'Læseklub',
    'Hjælp med matematik',
    'Snak om uddannelse',
    'Ro til at læse',
  ],
  Penge: [
    'Fritidsjob i klubben',
    'Billigere mad',
    'Gratis ture',
    'Hjælp til CV',
    'Loppemarked',
    'Lommepenge for at hjælpe',
    'Sælge kager',
    'Cykelværksted',
  ],
}
const LOOSE = ['Mere fodbold', 'Et nyt køleskab', 'Graffitivæg ved hallen']
const ANSWERS: Record<string, string[]> = {
  'Mere at lave': ['Vi laver en liste'],
  Tryghed: ['Spørg kommunen om lys', 'Vi går sammen'],
  'Et sted at være': ['Vi rydder op selv'],
  Skolen: ['Spørg lærerne'],
  Penge: ['Vi holder et marked'],
}

/** A stock Yjs client on the board, as any y-websocket client may be (a participant, or the facilitator). */
async function yjsClient(baseUrl: string, boardId: string, token: string) {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}/ws`, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
  })
  await new Promise<void>((done) => {
    if (provider.synced) done()
    else provider.once('sync', () => done())
  })
  return { doc, close: () => provider.destroy() }
}

async function join(page: Page, baseUrl: string, code: string): Promise<{ token: string; participantId: string }> {
  const res = await page.request.post(`${baseUrl}/api/join`, { data: { code }, headers: { [CSRF_HEADER]: '1' } })
  expect(res.ok()).toBe(true)
  return res.json()
}

/** The facilitator's own token for the board (cookie session). */
async function facilitatorToken(page: Page, baseUrl: string, boardId: string): Promise<string> {
  const res = await page.request.post(`${baseUrl}/api/boards/${boardId}/token`, { headers: { [CSRF_HEADER]: '1' } })
  expect(res.ok()).toBe(true)
  return (await res.json()).token
}

/**
 * Fills a board the way a meeting does: five young people write every label
 * from their phones' Yjs clients (where a phone puts them), the facilitator
 * makes the themes on the wall and sorts, the young people answer the question.
 */
async function fillMeeting(wall: FacilitationWall, baseUrl: string, boardId: string, code: string) {
  const writers = await Promise.all(
    Array.from({ length: 5 }, async () => {
      const who = await join(wall.page, baseUrl, code)
      return { ...who, client: await yjsClient(baseUrl, boardId, who.token) }
    }),
  )
  let n = 0
  const texts = [...Object.values(THEMES).flat(), ...LOOSE]
  texts.forEach((text, i) => {
    const w = writers[i % writers.length]
    if (!w) return
    addLabel(w.client.doc, {
      text,
      category: ['problem', 'ide', 'onske'][i % 3] ?? 'ide',
      ...unsortedSlot(n++),
      author: w.participantId,
    })
  })
  await expect.poll(async () => (await wall.labels()).length).toBe(texts.length)
  for (const name of Object.keys(THEMES)) await wall.createTheme(name)
  await wall.setQuestion('Hvad kan vi selv gøre?')

  const facilitator = await yjsClient(baseUrl, boardId, await facilitatorToken(wall.page, baseUrl, boardId))
  const themes = await wall.themes()
  const labels = await wall.labels()
  for (const [name, members] of Object.entries(THEMES)) {
    const theme = themes.find((t) => t.name === name)
    for (const text of members) {
      const l = labels.find((x) => x.text === text)
      if (theme && l) setLabelTheme(facilitator.doc, l.id, theme.id)
    }
  }
  Object.entries(ANSWERS).forEach(([name, answers], i) => {
    const theme = themes.find((t) => t.name === name)
    const w = writers[i % writers.length]
    for (const text of answers) {
      if (theme && w)
        addLabel(w.client.doc, {
          text,
          category: 'ide',
          x: 0,
          y: 0,
          author: w.participantId,
          themeId: theme.id,
          kind: LabelKind.Answer,
        })
    }
  })
  await expect
    .poll(async () => (await wall.themes()).reduce((n, t) => n + t.labelIds.length + t.answerIds.length, 0))
    .toBe(40 + 6)
  return {
    writers,
    close: () => {
      facilitator.close()
      for (const w of writers) w.client.close()
    },
  }
}

interface Drawn {
  /** Body text of each drawn label, in screen pixels. */
  textPx: number[]
  /** Screen rectangles (page pixels) of each drawn label card, by id. */
  cards: Record<string, { x: number; y: number; width: number; height: number }>
  themes: { x: number; y: number; width: number; height: number }[]
  /** The rectangle around everything drawn, clipped to the window. */
  content: { x: number; y: number; width: number; height: number } | null
}

/** What the wall draws right now, measured on the Konva stage: text size = font size × the node's scale on screen. */
function measure(page: Page): Promise<Drawn> {
  return page.evaluate(() => {
    type R = { x: number; y: number; width: number; height: number }
    type N = {
      name(): string
      id(): string
      getClientRect(opts?: { skipShadow?: boolean }): R
      fontSize(): number
      getAbsoluteScale(): { x: number; y: number }
      isVisible(): boolean
    }
    type S = { find(s: string): N[]; container(): HTMLElement }
    const stage = (window.__vaegavis as unknown as { stage: S | null } | undefined)?.stage
    if (!stage) throw new Error('no stage')
    const c = stage.container().getBoundingClientRect()
    const onPage = (r: R): R => ({ x: c.left + r.x, y: c.top + r.y, width: r.width, height: r.height })
    const textPx = stage.find('.label-text').map((t) => t.fontSize() * t.getAbsoluteScale().y)
    const cards: Record<string, R> = {}
    // The card itself, not its soft shadow.
    for (const n of stage.find('.label')) cards[n.id()] = onPage(n.getClientRect({ skipShadow: true }))
    const themes = stage.find('.theme').map((n) => onPage(n.getClientRect({ skipShadow: true })))
    const unsorted = stage.find('.unsorted').map((n) => onPage(n.getClientRect()))
    const all = [...Object.values(cards), ...themes, ...unsorted]
    let content: R | null = null
    if (all.length > 0) {
      const x0 = Math.max(0, Math.min(...all.map((r) => r.x)))
      const y0 = Math.max(0, Math.min(...all.map((r) => r.y)))
      const x1 = Math.min(window.innerWidth, Math.max(...all.map((r) => r.x + r.width)))
      const y1 = Math.min(window.innerHeight, Math.max(...all.map((r) => r.y + r.height)))
      content = { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) }
    }
    return { textPx, cards, themes, content }
  })
}

const inside = (r: { x: number; y: number; width: number; height: number }, area: typeof r) =>
  r.x >= area.x - 1 &&
  r.y >= area.y - 1 &&
  r.x + r.width <= area.x + area.width + 1 &&
  r.y + r.height <= area.y + area.height + 1
const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1

async function startMeeting(page: Page, baseUrl: string, title: string) {
  const facilitator = new FacilitatorPage(page, baseUrl)
  await facilitator.signIn()
  const { boardId, code } = await facilitator.createBoard(title)
  return { facilitator, wall: new FacilitationWall(page), boardId, code }
}

test('the projector shows five themes of eight labels at 20 px or more, using most of a 1920×1080 screen', async ({
  browser,
  page,
  server,
  newPhone,
}) => {
  const m = await startMeeting(page, server.url, 'Hvad skal vi lave i klubben?')
  const meeting = await fillMeeting(m.wall, server.url, m.boardId, m.code)
  const projector = await openProjector(browser, m.facilitator, server.url, m.boardId, SCREEN)
  const view = projector.page
  await expect.poll(async () => Object.keys((await measure(view)).cards).length).toBe(40 + 6 + LOOSE.length)

  // Every label's text at 20 px or more, every label on screen and clear of the join panel.
  const free = { x: 0, y: 0, width: SCREEN.width - PANEL, height: SCREEN.height }
  await expect.poll(async () => Math.min(...(await measure(view)).textPx)).toBeGreaterThanOrEqual(20)
  const drawn = await measure(view)
  for (const r of Object.values(drawn.cards)) expect(inside(r, free)).toBe(true)
  const share = ((drawn.content?.width ?? 0) * (drawn.content?.height ?? 0)) / (SCREEN.width * SCREEN.height)
  expect(share).toBeGreaterThanOrEqual(0.6)
  // Themes in rows and columns, not one long row.
  expect(new Set(drawn.themes.map((t) => Math.round(t.y))).size).toBeGreaterThan(1)
  test.info().annotations.push({
    type: 'measured',
    description: `smallest label text ${Math.min(...drawn.textPx).toFixed(1)} px, wall covers ${(share * 100).toFixed(0)} % of the screen`,
  })

  mkdirSync(SHOTS, { recursive: true })
  mkdirSync(dirname(PROJECTOR_PICTURE), { recursive: true })
  await view.screenshot({ path: resolve(SHOTS, 'projector.png') })
  await view.screenshot({ path: PROJECTOR_PICTURE })

  // The address to type is as legible as the code: large, bold, and on the panel in one piece.
  const joinAt = await view.getByTestId('join-at').evaluate((el) => {
    const host = el.querySelector('.wall-panel__host') as HTMLElement
    const words = Array.from(el.querySelectorAll<HTMLElement>('.wall-panel__joinat-words'))
    const px = (e: Element) => Number.parseFloat(getComputedStyle(e).fontSize)
    return {
      host: px(host),
      words: Math.min(...words.map(px)),
      weight: Number(getComputedStyle(host).fontWeight),
      // On one line: not broken in the middle of the address.
      fits: host.getBoundingClientRect().height < px(host) * 1.6 && host.scrollWidth <= host.clientWidth + 1,
    }
  })
  expect(joinAt.host).toBeGreaterThanOrEqual(28)
  expect(joinAt.words).toBeGreaterThanOrEqual(24)
  expect(joinAt.weight).toBeGreaterThanOrEqual(700)
  expect(joinAt.fits).toBe(true)

  // The controls are in sight without hovering, and reachable.
  const controls = view.getByRole('navigation', { name: 'Projektorens knapper' })
  await expect(controls.getByRole('button', { name: 'Skjul kode' })).toBeVisible()
  expect(Number(await controls.evaluate((el) => getComputedStyle(el).opacity))).toBeGreaterThanOrEqual(0.8)

  // Hiding the join panel gives the wall the whole width: it re-fits into it, centred, no smaller.
  const before = Math.min(...drawn.textPx)
  const centre = (d: Drawn) => (d.content ? d.content.x + d.content.width / 2 : 0)
  expect(centre(drawn)).toBeLessThan((SCREEN.width - PANEL) / 2 + 40)
  await controls.getByRole('button', { name: 'Skjul kode' }).click()
  await expect.poll(async () => Math.abs(centre(await measure(view)) - SCREEN.width / 2)).toBeLessThan(40)
  expect(Math.min(...(await measure(view)).textPx)).toBeGreaterThanOrEqual(before - 0.01)

  // A label that arrives later re-fits the wall: everything stays in sight, still at 20 px or more.
  const phone = ParticipantPhone.from(await PhoneView.open(await newPhone(), server.url, m.code))
  await phone.join()
  await phone.post('Idé', 'Vi kunne lave en film om klubben')
  await phone.expectSaved('Vi kunne lave en film om klubben')
  await expect.poll(async () => Object.keys((await measure(view)).cards).length).toBe(40 + 6 + LOOSE.length + 1)
  await expect
    .poll(async () => {
      const now = await measure(view)
      return Object.values(now.cards).every((r) => inside(r, { x: 0, y: 0, ...SCREEN }))
    })
    .toBe(true)
  expect(Math.min(...(await measure(view)).textPx)).toBeGreaterThanOrEqual(20)
  await controls.getByRole('button', { name: 'Vis kode' }).click()

  // High contrast: every text in the overlay stays readable (no white on white).
  await controls.getByRole('button', { name: 'Høj kontrast' }).click()
  await expect(view.locator('.wall--contrast')).toBeVisible()
  const poor = await view.evaluate(() => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number)
    const lum = ([r = 0, g = 0, b = 0]: number[]) => {
      const f = (v: number) => {
        const s = v / 255
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
      }
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
    }
    /** The first opaque background behind an element (the wall itself is black in high contrast). */
    const background = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor)
        if (c.length >= 3 && (c[3] ?? 1) > 0.5) return c
      }
      return [0, 0, 0]
    }
    const out: string[] = []
    for (const el of Array.from(document.querySelectorAll('.wall-overlay *'))) {
      const own = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim())
      if (!own || (el as HTMLElement).offsetParent === null) continue
      const fg = lum(rgb(getComputedStyle(el).color))
      const bg = lum(background(el))
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05)
      if (ratio < 4.5) out.push(`${el.textContent?.trim()} (${ratio.toFixed(1)})`)
    }
    return out
  })
  expect(poor).toEqual([])
  await view.screenshot({ path: resolve(SHOTS, 'projector-contrast.png') })

  // Nothing in the strip above the wall covers anything else there.
  const strip = await view
    .locator('.wall-strip > *')
    .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0))
  for (const [i, a] of strip.entries()) for (const b of strip.slice(i + 1)) expect(overlap(a, b)).toBe(false)

  // Esc leaves projector mode.
  await view.keyboard.press('Escape')
  await expect(view.getByRole('complementary', { name: 'Facilitering' })).toBeVisible()
  meeting.close()
  await view.context().close()
})

/** Cards drawn on the wall that are not in a theme, by text. */
async function cardsByText(wall: FacilitationWall, texts: string[]) {
  const labels = await wall.labels()
  const drawn = await measure(wall.page)
  return texts.map((text) => {
    const l = labels.find((x) => x.text === text)
    const r = l ? drawn.cards[l.id] : undefined
    if (!r) throw new Error(`${text} is not drawn`)
    return r
  })
}

/** Where a wall shows its content: the stage, less the title strip, the join panel and whatever sits at its foot. */
async function visibleArea(wall: FacilitationWall) {
  const c = await wall.page.locator('.wall-main').boundingBox()
  if (!c) throw new Error('no wall')
  const bar = wall.page.locator('.wall-bottom')
  const foot = (await bar.count()) > 0 ? await bar.boundingBox() : null
  const bottom = foot ? c.y + c.height - foot.y : 0
  return { x: c.x, y: c.y + 70, width: c.width - PANEL, height: c.height - 70 - bottom }
}

test('labels released by reveal and by approval land in sight, side by side, never on a theme', async ({
  browser,
  page,
  server,
  newPhone,
}) => {
  const m = await startMeeting(page, server.url, 'Hvad savner vi?')
  const { wall } = m
  const phones = await Promise.all(
    [0, 1].map(async () => {
      const p = ParticipantPhone.from(await PhoneView.open(await newPhone(), server.url, m.code))
      await p.join()
      return p
    }),
  )
  await phones[0]?.post('Idé', 'Filmaften hver fredag')
  await phones[1]?.post('Problem', 'Mørkt ved cykelskuret')
  const film = await wall.labelId('Filmaften hver fredag')
  await wall.createTheme('Mere at lave')
  await wall.createTheme('Tryghed')
  await wall.dropOnTheme(film, 'Mere at lave')
  await expect.poll(async () => (await wall.theme('Mere at lave'))?.labelIds).toEqual([film])
  const projector = await openProjector(browser, m.facilitator, server.url, m.boardId, SCREEN)

  // The facilitator zooms in on one theme, so most of the wall is out of sight.
  await wall.zoomIn(3)

  // Private writing: four labels written at the same moment on two phones, then revealed at once.
  await wall.toggle('Skriv hver for sig (skjult til I afslører)')
  const secret = ['Et sted at være om aftenen', 'Lys på stien', 'Mere musik', 'Nogen at snakke med']
  await Promise.all(
    phones.map(async (p, i) => {
      for (const text of secret.filter((_, j) => j % 2 === i)) {
        await p.post('Ønske', text)
        await expect(p.myLabel(text)).toBeVisible()
      }
    }),
  )
  await wall.tools.getByRole('button', { name: 'Afslør (4)' }).click()
  await expect.poll(async () => (await wall.labels()).length).toBe(6)

  const check = async (w: FacilitationWall, texts: string[]) => {
    const area = await visibleArea(w)
    await expect
      .poll(async () => (await cardsByText(w, texts)).every((r) => inside(r, area)), { timeout: 20_000 })
      .toBe(true)
    const drawn = await measure(w.page)
    const all = Object.values(drawn.cards)
    // No card on top of another, and none of the released ones on a theme.
    for (const [i, a] of all.entries()) for (const b of all.slice(i + 1)) expect(overlap(a, b)).toBe(false)
    for (const r of await cardsByText(w, texts)) for (const t of drawn.themes) expect(overlap(r, t)).toBe(false)
  }
  await check(wall, secret)
  await check(projector, secret)

  // Approval: each label the facilitator approves lands beside the others.
  await wall.toggle('Godkend labels før de vises')
  const waiting = ['Billigere mad', 'Wifi der virker']
  for (const [i, text] of waiting.entries()) await phones[i]?.post('Idé', text)
  for (const text of waiting) {
    await wall.tools.getByRole('button', { name: `Godkend: ${text}` }).click()
    await expect.poll(async () => (await wall.label(text))?.id).toBeTruthy()
  }
  await check(wall, [...secret, ...waiting])
  await check(projector, [...secret, ...waiting])
  await page.screenshot({ path: resolve(SHOTS, 'released.png') })
  await projector.page.context().close()
})

test('a board made from a template is saved into a project from the wall, and every export downloads as a file', async ({
  page,
  server,
}) => {
  const facilitator = new FacilitatorPage(page, server.url)
  await facilitator.signIn()
  // The templates are offered with what each one is for.
  const choice = page.getByRole('group', { name: 'Start fra' })
  for (const [name, words] of [
    ['Tom væg', 'Problem, Idé og Ønske'],
    ['Labels-metoden', 'tre farver'],
    ['Samme spørgsmål til alle temaer', 'også selvom det er kedeligt'],
    ['Prioritering', 'tre prikker'],
  ] as const) {
    const option = choice.getByRole('radio', { name })
    await expect(option).toBeVisible()
    await expect(option).toHaveAccessibleDescription(new RegExp(words))
  }
  await page.getByLabel('Titel').fill('Klubaften')
  await choice.getByRole('radio', { name: 'Samme spørgsmål til alle temaer' }).check()
  await page.getByRole('button', { name: 'Opret væg' }).click()
  // It opens at once, with the template's question and themes.
  await expect(page).toHaveURL(/\/b\/[^/]+$/)
  const wall = new FacilitationWall(page)
  await wall.waitOnline()
  await expect(wall.tools.getByLabel('Spørgsmålet')).toHaveValue('Hvad kan vi selv gøre ved det?')
  await expect.poll(async () => (await wall.themes()).length).toBeGreaterThan(0)
  const wallUrl = page.url()

  // Saving a wall that belongs to no project offers to put it in one.
  const save = wall.tools.getByRole('region', { name: 'Gem og hent' })
  await expect(save.getByText('hører ikke til et forløb endnu')).toBeVisible()
  await expect(save.getByLabel('Forløb', { exact: true })).toHaveValue('__new__')
  await save.getByLabel('Navn på det nye forløb').fill('Klubrådet')
  await save.getByRole('button', { name: 'Gem væggen i forløbet' }).click()
  await expect(save.getByRole('status')).toContainText('Gemt:')
  // Now it is in the project: the next save is one button.
  await expect(save.getByRole('button', { name: 'Gem væggen', exact: true })).toBeVisible()

  // Every export downloads as a named file; the wall stays in the tab.
  for (const [name, ext] of [
    ['PNG', 'png'],
    ['SVG', 'svg'],
    ['PDF', 'pdf'],
    ['Markdown', 'md'],
    ['CSV', 'csv'],
  ] as const) {
    const [download] = await Promise.all([page.waitForEvent('download'), save.getByRole('link', { name }).click()])
    expect(download.suggestedFilename()).toMatch(new RegExp(`^klubaften.*\\.${ext}$`, 'i'))
    expect(await download.failure()).toBeNull()
    expect(page.url()).toBe(wallUrl)
    await expect(wall.tools).toBeVisible()
  }

  // The archive has it, in today's meeting; "last time we met" shows it right after the save.
  await save.getByRole('link', { name: 'Se arkivet' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Klubrådet' })).toBeVisible()
  const archive = new ArchivePage(page, server.url)
  await expect(archive.snapshots()).toHaveCount(1)
  // A second meeting the same day, not yet saved: the recap still shows the earlier one.
  const today = await page.evaluate(() => {
    const d = new Date()
    const p = (n: number) => String(n).padStart(2, '0')
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
  })
  await archive.addMeeting('Aftenmøde', today)
  await page.getByRole('link', { name: 'Sidst vi mødtes…' }).click()
  await expect(page.getByText('Der er ingen gemte vægge fra et tidligere møde.')).toHaveCount(0)
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Møde ${today}`)
  await expect(page.getByTestId('recap-step')).toContainText('Klubaften')
})

test('closing a share link asks first, and only a yes closes it', async ({ page, server }) => {
  const facilitator = new FacilitatorPage(page, server.url)
  await facilitator.signIn()
  const archive = new ArchivePage(page, server.url)
  await archive.createProject('Sommerklub')
  await page.getByRole('button', { name: 'Lav link' }).click()
  const link = page.locator('li[data-share-id]')
  await expect(link).toHaveAttribute('data-status', 'active')

  await link.getByRole('button', { name: /Luk link/ }).click()
  await expect(link.getByText('Luk linket?')).toBeVisible()
  await expect(link).toHaveAttribute('data-status', 'active')
  await link.getByRole('button', { name: 'Fortryd' }).click()
  await expect(link).toHaveAttribute('data-status', 'active')
  await expect(link.getByText('Luk linket?')).toHaveCount(0)

  await link.getByRole('button', { name: /Luk link/ }).click()
  await link.getByRole('button', { name: 'Ja, luk linket' }).click()
  await expect(link).toHaveAttribute('data-status', 'revoked')
})
