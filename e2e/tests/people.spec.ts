/**
 * Moderating people in the room: the facilitator takes one phone off the wall
 * (its labels stay), the others write on, and the door keeps newcomers out
 * until it opens again. Facilitator, two phones, a projector and a latecomer.
 */
import { expect, openProjector, ParticipantPhone, PhoneView, test } from '../fixtures/index.ts'

test('a removed phone is told so and stays out, its label stays on the projector; a closed door keeps a newcomer out until it opens', async ({
  browser,
  server,
  startMeeting,
  joinPhone,
  newPhone,
}) => {
  const m = await startMeeting('Klubmøde')
  const projector = await openProjector(browser, m.facilitator, server.url, m.boardId)
  const mira = await joinPhone(m.code, 'Mira')
  const noah = await joinPhone(m.code)
  await mira.postSaved('Idé', 'Filmaften')
  await noah.postSaved('Problem', 'For lidt plads')
  const projected = async () => (await projector.labels()).map((l) => l.text).sort()
  await expect.poll(projected).toEqual(['Filmaften', 'For lidt plads'])

  // The list names people by nickname, or by number: never by id.
  const people = m.wall.page.getByTestId('participants')
  await expect(people.getByRole('listitem')).toHaveCount(2)
  await expect(people.getByRole('listitem').nth(0)).toContainText('Mira')
  await expect(people.getByRole('listitem').nth(1)).toContainText('Deltager 2')
  await expect(people).not.toContainText('p-')
  await people.getByRole('button', { name: 'Fjern Deltager 2' }).click()
  await people.getByRole('alertdialog').getByRole('button', { name: 'Fjern, behold labels' }).click()

  await expect(noah.page.getByRole('alert')).toContainText('Du er taget af væggen')
  // No way back in from the phone itself: no "join again", no "reload".
  await expect(noah.page.getByRole('alert').getByRole('button')).toHaveCount(0)
  await expect(noah.page.getByRole('button', { name: 'Send' })).toBeDisabled()
  // Its label stays; Mira writes on.
  await mira.postSaved('Idé', 'Bålaften')
  await expect.poll(projected).toEqual(['Bålaften', 'Filmaften', 'For lidt plads'])
  // A reload does not sneak it back in with the same token.
  await noah.page.reload()
  await expect(noah.page.getByRole('alert')).toContainText('Du er taget af væggen')

  await m.wall.page.getByRole('button', { name: 'Luk døren' }).click()
  await expect(projector.page.getByTestId('door-badge')).toContainText('Døren er lukket')
  const late = await PhoneView.open(await newPhone(), server.url, m.code)
  await late.page.getByRole('button', { name: 'Deltag' }).click()
  await expect(late.page.getByRole('alert')).toContainText('Døren er lukket. Spørg den voksne.')
  // Mira, already in, is not affected.
  await mira.postSaved('Ønske', 'Hvornår?')

  await m.wall.page.getByRole('button', { name: 'Åbn døren' }).click()
  await expect(projector.page.getByTestId('door-badge')).toHaveCount(0)
  await late.page.getByRole('button', { name: 'Deltag igen' }).click()
  await late.join()
  await ParticipantPhone.from(late).postSaved('Idé', 'Endelig inde')
  await expect.poll(projected).toEqual(['Bålaften', 'Endelig inde', 'Filmaften', 'For lidt plads', 'Hvornår?'])
  await projector.page.context().close()
})
