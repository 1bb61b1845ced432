/**
 * The facilitator's side of a meeting: themes, the question, voting, the
 * frame (lock, private writing, approval) and the projector. A facilitator,
 * phones and a projector each run in their own browser context; the Konva
 * wall is read through the test bridge.
 */
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Browser } from '@playwright/test'
import {
  expect as baseExpect,
  type FacilitationWall,
  type Meeting,
  openProjector,
  type ParticipantPhone,
  type ThemeBoxView,
  test,
} from '../fixtures/index.ts'

const README_PICTURE = resolve(import.meta.dirname, '../../docs/wall.png')

// Four browser contexts and a server per test: give a busy machine time.
test.describe.configure({ timeout: 240_000 })
test.use({ viewport: { width: 1600, height: 900 } })
const expect = baseExpect.configure({ timeout: 20_000 })

async function projectorFor(browser: Browser, m: Meeting, baseUrl: string): Promise<FacilitationWall> {
  return openProjector(browser, m.facilitator, baseUrl, m.boardId)
}

const byName = (themes: ThemeBoxView[], name: string) => themes.find((t) => t.name === name)

test('the facilitator clusters labels from two phones into named themes, and the projector follows live', async ({
  browser,
  page,
  server,
  startMeeting,
  joinPhone,
}) => {
  const m = await startMeeting('Hvad skal vi lave i klubben?')
  const { wall } = m
  const mira = await joinPhone(m.code, 'Mira')
  const ali = await joinPhone(m.code)
  await mira.postSaved('Idé', 'Filmaften hver fredag')
  await ali.postSaved('Ønske', 'Bal i klubben')
  await mira.postSaved('Problem', 'Mørkt ved cykelskuret')
  await ali.postSaved('Problem', 'Der er for koldt i hallen')
  const projector = await projectorFor(browser, m, server.url)
  await expect.poll(async () => (await projector.labels()).length).toBe(4)

  const film = await wall.labelId('Filmaften hver fredag')
  const bal = await wall.labelId('Bal i klubben')
  const dark = await wall.labelId('Mørkt ved cykelskuret')
  const cold = await wall.labelId('Der er for koldt i hallen')

  // A theme from the button, then labels dragged into it: they line up in the order they joined.
  await wall.createTheme('Mere at lave')
  await wall.dropOnTheme(bal, 'Mere at lave')
  await wall.dropOnTheme(film, 'Mere at lave')
  await expect.poll(async () => byName(await projector.themes(), 'Mere at lave')?.labelIds).toEqual([bal, film])

  // Select two labels with a rubber band (Shift + drag on empty wall) and make a theme of them.
  const d = await wall.screenRect(`#${dark}`)
  const c = await wall.screenRect(`#${cold}`)
  await page.keyboard.down('Shift')
  await wall.pan(
    { x: Math.max(d.x + d.width, c.x + c.width) + 8, y: Math.min(d.y, c.y) - 8 },
    Math.min(d.x, c.x) + 20 - (Math.max(d.x + d.width, c.x + c.width) + 8),
    Math.max(d.y + d.height, c.y + c.height) - 20 - (Math.min(d.y, c.y) - 8),
  )
  await page.keyboard.up('Shift')
  await expect.poll(async () => (await wall.selection()).sort()).toEqual([dark, cold].sort())
  // Shift+click takes one out of the selection and puts it back.
  await wall.shiftClick(cold)
  await expect.poll(() => wall.selection()).toEqual([dark])
  await wall.shiftClick(cold)
  await expect.poll(() => wall.selection()).toHaveLength(2)
  await wall.createTheme('Tryghed', { fromSelection: true })
  await expect
    .poll(async () => [...(byName(await projector.themes(), 'Tryghed')?.labelIds ?? [])].sort())
    .toEqual([dark, cold].sort())
  // Nothing is left unsorted, and no two cards overlap on the projector.
  await expect.poll(async () => (await projector.labels()).every((l) => l.themeId)).toBe(true)

  // Rename by double-clicking the theme's header.
  const safety = await wall.theme('Tryghed')
  const header = await wall.screenRect(`#theme-header-${safety?.id}`)
  await page.mouse.dblclick(header.x + 60, header.y + header.height / 2)
  await page.getByLabel('Nyt navn').fill('Tryg i klubben')
  await page.getByRole('button', { name: 'Gem', exact: true }).click()
  await expect
    .poll(async () => (await projector.themes()).map((t) => t.name))
    .toEqual(['Mere at lave', 'Tryg i klubben'])

  // Move a theme by its header onto the other one's place: they swap, on the projector too, cards and all.
  const before = await wall.theme('Mere at lave')
  const other = await wall.theme('Tryg i klubben')
  const moveFrom = await wall.screenRect(`#theme-header-${before?.id}`)
  const moveTo = await wall.screenRect(`#theme-header-${other?.id}`)
  await wall.pan({ x: moveFrom.x + 40, y: moveFrom.y + 20 }, moveTo.x - moveFrom.x, moveTo.y - moveFrom.y)
  await expect
    .poll(async () => (await projector.themes()).map((t) => t.name))
    .toEqual(['Tryg i klubben', 'Mere at lave'])
  const swapped = await projector.theme('Mere at lave')
  expect([swapped?.x, swapped?.y]).toEqual([other?.x, other?.y])

  // Drag a label out of its theme onto empty wall: it is unsorted again.
  const themes = await wall.themes()
  const leftmost = Math.min(
    ...(await Promise.all(themes.map((t) => wall.screenRect(`#theme-${t.id}`)))).map((r) => r.x),
  )
  // Empty wall: below every theme (the themes flow from the top left).
  const boxes = await Promise.all(themes.map((t) => wall.screenRect(`#theme-${t.id}`)))
  const lowest = Math.max(...boxes.map((r) => r.y + r.height))
  await wall.dragCardTo(film, { x: leftmost + 120, y: Math.min(lowest + 40, 790) })
  await expect.poll(async () => (await projector.label('Filmaften hver fredag'))?.themeId).toBeUndefined()
  await expect.poll(async () => (await projector.theme('Mere at lave'))?.labelIds).toEqual([bal])

  // Fold a theme: its cards are not drawn, its header says how many it holds.
  await wall.tools.getByRole('button', { name: 'Fold temaet Mere at lave sammen' }).click()
  await expect.poll(async () => (await projector.theme('Mere at lave'))?.collapsed).toBe(true)
  await expect.poll(() => projector.isDrawn(bal)).toBe(false)
  await wall.tools.getByRole('button', { name: 'Fold temaet Mere at lave ud' }).click()
  await expect.poll(() => projector.isDrawn(bal)).toBe(true)

  // Deleting a theme deletes no label: they return to unsorted.
  await wall.tools.getByRole('button', { name: 'Slet temaet Tryg i klubben' }).click()
  await wall.tools.getByRole('button', { name: 'Ja, slet temaet' }).click()
  await expect.poll(async () => (await projector.themes()).map((t) => t.name)).toEqual(['Mere at lave'])
  await expect
    .poll(async () => (await projector.labels()).filter((l) => !l.themeId).map((l) => l.text))
    .toEqual(['Filmaften hver fredag', 'Mørkt ved cykelskuret', 'Der er for koldt i hallen'])
  await projector.page.context().close()
})

test('a phone answers the board question for each theme, and the answers sit under the question', async ({
  browser,
  server,
  startMeeting,
  joinPhone,
}) => {
  const m = await startMeeting('Klubben om aftenen')
  const { wall } = m
  const phone = await joinPhone(m.code, 'Jonas')
  await phone.postSaved('Problem', 'Der er for lidt at lave om aftenen')
  const evening = await wall.labelId('Der er for lidt at lave om aftenen')
  await wall.createTheme('Fritid')
  await wall.dropOnTheme(evening, 'Fritid')
  await wall.createTheme('Skole')
  await wall.setQuestion('Hvad kan vi gøre ved det?')
  const projector = await projectorFor(browser, m, server.url)
  const leisure = await wall.theme('Fritid')
  const school = await wall.theme('Skole')
  await expect
    .poll(() => projector.drawnText(`#theme-${leisure?.id}`, '.theme-question'))
    .toBe('Hvad kan vi gøre ved det?')
  await expect
    .poll(() => projector.drawnText(`#theme-${school?.id}`, '.theme-question'))
    .toBe('Hvad kan vi gøre ved det?')

  await phone.answer('Fritid', 'Idé', 'Åbent hus hver torsdag')
  await phone.answer('Skole', 'Ønske', 'Lektiecafé med frugt')
  await expect.poll(async () => (await projector.theme('Fritid'))?.answerIds.length).toBe(1)
  await expect.poll(async () => (await projector.theme('Skole'))?.answerIds.length).toBe(1)

  const answer = await projector.label('Åbent hus hver torsdag')
  expect(answer).toMatchObject({ kind: 'answer', themeId: leisure?.id })
  // The answer does not join the labels that formed the theme, and is drawn below them, under the question.
  expect((await projector.theme('Fritid'))?.labelIds).toEqual([evening])
  const labelCard = await projector.screenRect(`#${evening}`)
  const question = await projector.screenRect(`#theme-${leisure?.id}`, '.theme-question')
  const answerCard = await projector.screenRect(`#${answer?.id}`)
  expect(question.y).toBeGreaterThan(labelCard.y + labelCard.height)
  expect(answerCard.y).toBeGreaterThan(question.y + question.height - 1)
  // An answer looks different from a label: it is named as an answer on its card.
  expect(await projector.drawnText(`#${answer?.id}`, 'Text')).toMatch(/^Svar/)
  await projector.page.context().close()
})

test('the facilitator hides, shows and removes a label; the projector and the writer see it', async ({
  browser,
  page,
  server,
  startMeeting,
  joinPhone,
}) => {
  const m = await startMeeting('Moderation')
  const { wall } = m
  const phone = await joinPhone(m.code)
  await phone.postSaved('Problem', 'Et navn på en bestemt person')
  await phone.postSaved('Idé', 'Flere brætspil')
  const projector = await projectorFor(browser, m, server.url)
  const named = await wall.labelId('Et navn på en bestemt person')
  await expect.poll(() => projector.isDrawn(named)).toBe(true)

  // Click selects; hiding keeps the label but takes it off every wall.
  const at = await wall.cardCentre(named)
  await page.mouse.click(at.x, at.y)
  await expect.poll(() => wall.selection()).toEqual([named])
  await wall.tools.getByRole('button', { name: 'Skjul', exact: true }).click()
  await expect.poll(() => projector.isDrawn(named)).toBe(false)
  await expect(phone.myLabel('Et navn på en bestemt person')).toContainText('Skjult af facilitator')
  const hidden = wall.tools.getByRole('list', { name: 'Skjulte labels (1)' })
  await hidden.getByRole('button', { name: 'Vis igen' }).click()
  await expect.poll(() => projector.isDrawn(named)).toBe(true)

  // Removing asks first.
  const again = await wall.cardCentre(named)
  await page.mouse.click(again.x, again.y)
  await wall.tools.getByRole('button', { name: 'Fjern', exact: true }).click()
  await expect(wall.tools.getByText('Fjerne 1 label for altid?')).toBeVisible()
  await wall.tools.getByRole('button', { name: 'Annuller' }).click()
  expect((await projector.labels()).map((l) => l.text)).toContain('Et navn på en bestemt person')
  await wall.tools.getByRole('button', { name: 'Fjern', exact: true }).click()
  await wall.tools.getByRole('button', { name: 'Ja, fjern' }).click()
  await expect.poll(async () => (await projector.labels()).map((l) => l.text)).toEqual(['Flere brætspil'])
  await projector.page.context().close()
})

test('the legend editor renames, recolours and adds colours, and will not silently remove one in use', async ({
  page,
  startMeeting,
  joinPhone,
}) => {
  const m = await startMeeting('Farver')
  const { wall } = m
  const phone = await joinPhone(m.code)
  await phone.postSaved('Problem', 'Bruger farven')

  const problem = wall.tools.locator('li[data-category="problem"]')
  await expect(problem.getByRole('button', { name: 'Fjern Problem' })).toBeDisabled()
  await expect(problem.getByTestId('category-in-use')).toHaveText(/Bruges af 1 label/)
  const wish = wall.tools.locator('li[data-category="onske"]')
  await expect(wish.getByRole('button', { name: 'Fjern Ønske' })).toBeEnabled()

  // Rename, recolour (a colour another category has is not offered) and change the shape.
  await problem.getByLabel('Betydning').fill('Det er svært')
  await problem.getByLabel('Betydning').press('Enter')
  await expect(problem.getByRole('radio', { name: 'Himmelblå' })).toBeDisabled()
  await problem.getByRole('radio', { name: 'Blågrøn' }).check()
  await problem.getByLabel('Form').selectOption({ label: 'Firkant' })
  await expect(phone.page.getByRole('radio', { name: 'Det er svært' })).toBeVisible()

  await wall.tools.getByLabel('Ny farve betyder').fill('Spørgsmål')
  await wall.tools.getByRole('button', { name: 'Tilføj farve' }).click()
  await expect(phone.page.getByRole('radio', { name: 'Spørgsmål' })).toBeVisible()

  await wish.getByRole('button', { name: 'Fjern Ønske' }).click()
  await expect(phone.page.getByRole('radio', { name: 'Ønske' })).toHaveCount(0)
  await expect(page.locator('.legend__item')).toHaveText(['Det er svært', 'Idé', 'Spørgsmål'])
})

test('a vote round gives each phone its dots, the projector counts them, and closing ends it', async ({
  browser,
  page,
  server,
  startMeeting,
  joinPhone,
}) => {
  const m = await startMeeting('Hvad skal vi starte med?')
  const { wall } = m
  const mira = await joinPhone(m.code)
  const ali = await joinPhone(m.code)
  await mira.postSaved('Idé', 'Filmaften')
  await ali.postSaved('Idé', 'Fodboldturnering')
  await ali.postSaved('Ønske', 'Lektiecafé')
  const projector = await projectorFor(browser, m, server.url)
  await expect.poll(async () => (await projector.labels()).length).toBe(3)
  const film = await wall.labelId('Filmaften')
  const homework = await wall.labelId('Lektiecafé')

  await wall.startVote('Labels', 2)
  await mira.openTab('Stem')
  await expect(mira.dotsLeft()).toHaveText('Du har 2 prikker tilbage')
  await mira.vote('Filmaften')
  await expect(mira.dotsLeft()).toHaveText('Du har 1 prik tilbage')
  await mira.vote('Filmaften')
  await expect(mira.dotsLeft()).toHaveText('Du har brugt alle dine prikker')
  // The limit holds: no more dots to give.
  await expect(mira.voteRow('Lektiecafé').getByRole('button', { name: 'Giv en prik' })).toBeDisabled()

  await ali.openTab('Stem')
  await ali.vote('Filmaften')
  await ali.vote('Lektiecafé')
  await expect(ali.dotsLeft()).toHaveText('Du har brugt alle dine prikker')

  await expect.poll(() => projector.voteCounts()).toEqual({ [film]: 3, [homework]: 1 })
  await expect.poll(() => projector.drawnText(`#${film}`, '.votes', 'Text')).toBe('● 3')
  await expect(wall.tools.getByTestId('vote-status')).toContainText('4 prikker')

  await wall.tools.getByRole('button', { name: 'Sortér efter stemmer' }).click()
  const ranking = page.getByTestId('ranking').getByRole('listitem')
  await expect(ranking).toHaveCount(2)
  await expect(ranking.first()).toContainText('Filmaften')
  await expect(ranking.first()).toContainText('3 stemmer')
  await expect(ranking.nth(1)).toContainText('Lektiecafé')

  await wall.tools.getByRole('button', { name: 'Afslut afstemning' }).click()
  await expect(mira.page.getByTestId('vote-closed')).toBeVisible()
  await expect(wall.tools.getByTestId('vote-status')).toContainText('Afstemningen er slut')
  // The result stays on the projector.
  expect(await projector.voteCounts()).toEqual({ [film]: 3, [homework]: 1 })
  await projector.page.context().close()
})

test('a locked wall says so on the phone, which cannot send until it is unlocked', async ({
  browser,
  server,
  startMeeting,
  joinPhone,
}) => {
  const m = await startMeeting('Låst væg')
  const phone = await joinPhone(m.code)
  const projector = await projectorFor(browser, m, server.url)

  await m.wall.tools.getByRole('button', { name: 'Lås væggen' }).click()
  await expect(phone.page.getByTestId('locked')).toContainText('Væggen er låst')
  await expect(phone.page.getByLabel('Din label')).toBeDisabled()
  await expect(phone.page.getByRole('button', { name: 'Send' })).toBeDisabled()
  await expect(projector.page.getByTestId('locked-badge')).toBeVisible()

  await m.wall.tools.getByRole('button', { name: 'Lås væggen op' }).click()
  await expect(phone.page.getByLabel('Din label')).toBeEnabled()
  await phone.postSaved('Idé', 'Nu må vi skrive igen')
  await expect.poll(async () => (await projector.label('Nu må vi skrive igen'))?.text).toBeTruthy()
  await projector.page.context().close()
})

test('private writing keeps labels off the other phone and the projector until the facilitator reveals them', async ({
  browser,
  server,
  startMeeting,
  joinPhone,
}) => {
  const m = await startMeeting('Skriv i fred')
  const { wall } = m
  const writer = await joinPhone(m.code)
  const other = await joinPhone(m.code)
  const projector = await projectorFor(browser, m, server.url)
  await expect(projector.pulse()).toContainText('2 med')
  await expect(projector.pulse()).toContainText('0 har skrevet')

  await wall.toggle('Skriv hver for sig (skjult til I afslører)')
  await expect(writer.page.getByText('Skriv i fred: ingen ser dine labels')).toBeVisible()
  await writer.post('Problem', 'Jeg savner et sted at være')
  await expect(writer.myLabel('Jeg savner et sted at være')).toBeVisible()
  await expect(wall.tools.getByRole('button', { name: 'Afslør (1)' })).toBeVisible()

  // Counted (nobody named), but its text is nowhere but on the writer's phone.
  await expect(projector.pulse()).toContainText('1 har skrevet')
  expect((await projector.labels()).map((l) => l.text)).not.toContain('Jeg savner et sted at være')
  await expect(projector.page.getByText('Jeg savner et sted at være')).toHaveCount(0)
  await expect(other.page.getByText('Jeg savner et sted at være')).toHaveCount(0)
  expect((await wall.labels()).map((l) => l.text)).not.toContain('Jeg savner et sted at være')

  await wall.tools.getByRole('button', { name: 'Afslør (1)' }).click()
  await expect.poll(async () => (await projector.label('Jeg savner et sted at være'))?.text).toBeTruthy()
  await expect(
    wall.tools.getByRole('checkbox', { name: 'Skriv hver for sig (skjult til I afslører)' }),
  ).not.toBeChecked()
  await writer.expectSaved('Jeg savner et sted at være')
  await projector.page.context().close()
})

test('approve-before-show queues new labels for the facilitator, who approves or rejects each', async ({
  browser,
  server,
  startMeeting,
  joinPhone,
}) => {
  const m = await startMeeting('Godkend først')
  const { wall } = m
  const phone = await joinPhone(m.code)
  const projector = await projectorFor(browser, m, server.url)

  await wall.toggle('Godkend labels før de vises')
  await expect(phone.page.getByText('Facilitator kigger dine labels igennem')).toBeVisible()
  await phone.post('Idé', 'Mere fodbold')
  await phone.post('Problem', 'Noget grimt om en anden')
  const queue = wall.tools.getByTestId('approval-queue').getByRole('listitem')
  await expect(queue).toHaveCount(2)
  expect(await projector.labels()).toEqual([])

  await wall.tools.getByRole('button', { name: 'Godkend: Mere fodbold' }).click()
  await wall.tools.getByRole('button', { name: 'Afvis: Noget grimt om en anden' }).click()
  await expect(wall.tools.getByText('Ingen labels venter.')).toBeVisible()
  await expect.poll(async () => (await projector.labels()).map((l) => l.text)).toEqual(['Mere fodbold'])
  await phone.expectSaved('Mere fodbold')
  // The phone learns of a rejection when it next asks the server (it polls).
  await expect(phone.myLabel('Noget grimt om en anden')).toContainText('Ikke godkendt', { timeout: 60_000 })
  await projector.page.context().close()
})

test('with "Følg mig" on, a second wall follows the facilitator’s view, and stops when it is turned off', async ({
  browser,
  page,
  server,
  startMeeting,
  joinPhone,
}) => {
  const m = await startMeeting('Følg med')
  const { wall } = m
  const phone = await joinPhone(m.code)
  await phone.postSaved('Idé', 'Se her')
  const projector = await projectorFor(browser, m, server.url)

  await wall.tools.getByRole('button', { name: 'Følg mig' }).click()
  await expect(projector.page.getByTestId('follow-status')).toContainText('Følger facilitatoren')
  await wall.zoomIn(2)
  await wall.pan({ x: 900, y: 600 }, -220, -140)

  const leader = await wall.viewport()
  await expect
    .poll(async () => {
      const v = await projector.viewport()
      return v && leader ? [v.scale, Math.round(v.x - leader.x), Math.round(v.y - leader.y)] : null
    })
    .toEqual([leader?.scale, 0, 0])

  await wall.tools.getByRole('button', { name: 'Følg mig' }).click()
  await expect(projector.page.getByTestId('follow-status')).toHaveCount(0)
  await wall.zoomIn(1)
  await page.waitForTimeout(400)
  expect((await projector.viewport())?.scale).toBe(leader?.scale)
  await projector.page.context().close()
})

test('the projector shows a clustered wall with themes, the question, answers and votes (the README picture)', async ({
  browser,
  server,
  startMeeting,
  joinPhone,
}) => {
  const m = await startMeeting('Hvad skal vi lave i klubben?')
  const { wall } = m
  const mira = await joinPhone(m.code, 'Mira')
  const ali = await joinPhone(m.code)
  const labels: [ParticipantPhone, string, string, string][] = [
    [mira, 'Idé', 'Filmaften hver fredag med popcorn', 'Mere at lave'],
    [ali, 'Ønske', 'En tur til stranden i sommerferien', 'Mere at lave'],
    [mira, 'Idé', 'Fodboldturnering mod klubben i Nordby', 'Mere at lave'],
    [ali, 'Problem', 'Mørkt ved cykelskuret om aftenen', 'Tryghed'],
    [mira, 'Problem', 'Nogle bliver holdt udenfor', 'Tryghed'],
    [ali, 'Ønske', 'Et stille rum til lektier', 'Et sted at være'],
    [mira, 'Problem', 'Klubben lukker kl. 21', 'Et sted at være'],
  ]
  for (const [phone, category, text] of labels) await phone.postSaved(category, text)
  for (const theme of ['Mere at lave', 'Tryghed', 'Et sted at være']) {
    for (const [, , text, t] of labels) if (t === theme) await wall.shiftClick(await wall.labelId(text))
    await wall.createTheme(theme, { fromSelection: true })
  }
  await wall.setQuestion('Hvad kan vi gøre ved det?')
  await mira.answer('Tryghed', 'Idé', 'Lys ved cykelskuret – spørg kommunen')
  await ali.answer('Et sted at være', 'Idé', 'Åbent til kl. 22 om fredagen')
  await expect.poll(async () => (await wall.themes()).flatMap((t) => t.answerIds).length).toBe(2)

  await wall.startVote('Temaer', 3)
  for (const [phone, picks] of [
    [mira, ['Mere at lave', 'Mere at lave', 'Tryghed']],
    [ali, ['Et sted at være', 'Mere at lave', 'Tryghed']],
  ] as const) {
    await phone.openTab('Stem')
    for (const name of picks) await phone.vote(name)
    await expect(phone.dotsLeft()).toHaveText('Du har brugt alle dine prikker')
  }
  await expect.poll(async () => Object.values(await wall.voteCounts()).reduce((a, b) => a + b, 0)).toBe(6)
  await wall.tools.getByRole('button', { name: 'Start 5 minutter' }).click()

  const projector = await projectorFor(browser, m, server.url)
  const more = await projector.theme('Mere at lave')
  await expect.poll(() => projector.drawnText(`#theme-${more?.id}`, '.votes', 'Text')).toBe('● 3')
  await expect(projector.pulse()).toContainText('2 har skrevet')
  await expect(projector.page.getByTestId('timer')).toHaveText(/^[45]:\d\d$/)
  // Every theme fits on the projector without overlapping another.
  const boxes = await Promise.all((await projector.themes()).map((t) => projector.screenRect(`#theme-${t.id}`)))
  for (const b of boxes) {
    expect(b.x).toBeGreaterThanOrEqual(0)
    expect(b.x + b.width).toBeLessThanOrEqual(1920 - 340)
    expect(b.y + b.height).toBeLessThanOrEqual(1080)
  }
  mkdirSync(dirname(README_PICTURE), { recursive: true })
  await projector.page.screenshot({ path: README_PICTURE })
  await projector.page.context().close()
})
